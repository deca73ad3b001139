"""Running `kefu check` on a Dask cluster (optional extra `kefu[dask]`)."""
