DROP TABLE allowance_import_errors;
DROP TABLE allowance_rows;
DROP TABLE allowance_batches;
