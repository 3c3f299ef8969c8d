# Sourced by the side-by-side scripts: sets $blas, the OpenMP OpenBLAS that Debian's PyTorch must load for its
# matrix products (LD_LIBRARY_PATH="$blas" when running python), and warns when it is missing. Without it torch
# links the reference BLAS: its matmul reads 3-6 GFLOP/s instead of ~200 and every comparison that involves a
# Linear layer or a transposed convolution is void (this happened in session 11).
blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ ! -d "$blas" ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "warning: $blas is missing, so PyTorch runs on the reference BLAS and its figures are not comparable;" \
       "install it with: apt-get install libopenblas0-openmp" >&2
fi
