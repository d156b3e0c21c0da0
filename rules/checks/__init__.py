"""Framework checks: each module looks at one part of the workbook."""
