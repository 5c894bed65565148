"""Writes the .npy fixtures of NpyFilesTest with numpy itself (run: /usr/bin/python3 tools/reference/make_npy_fixtures.py).

arange_2x3x4_f4.npy  float32 [2,3,4] = arange(24) / 4 - 1, saved by np.save (format 1.0): seg4j must read it and
                     write the very same bytes.
arange_2x3x4_f4_v2.npy  the same array in format 2.0 (4-byte header length).
big_endian_f4.npy    the same array as '>f4'.
float64.npy          the same values as float64 (wrong dtype).
fortran.npy          the same array in Fortran order.
truncated.npy        arange_2x3x4_f4.npy without its last 10 bytes.
"""
import io
import os

import numpy as np
from numpy.lib import format as npformat

out = os.path.join(os.path.dirname(__file__), "..", "..", "seg4j-core", "src", "test", "resources", "fixtures", "npy")
os.makedirs(out, exist_ok=True)
a = (np.arange(24, dtype=np.float32) / 4 - 1).reshape(2, 3, 4)
np.save(os.path.join(out, "arange_2x3x4_f4.npy"), a)
with open(os.path.join(out, "arange_2x3x4_f4_v2.npy"), "wb") as f:
    npformat.write_array(f, a, version=(2, 0))
np.save(os.path.join(out, "big_endian_f4.npy"), a.astype(">f4"))
np.save(os.path.join(out, "float64.npy"), a.astype(np.float64))
np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(a))
buf = io.BytesIO()
np.save(buf, a)
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(buf.getvalue()[:-10])
