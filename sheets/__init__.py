"""The workbook format: schema, readers, grids to records."""
