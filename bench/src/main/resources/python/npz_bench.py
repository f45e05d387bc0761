"""numpy side of NpzBench: loads the Java-written archives (untimed) so both sides handle identical arrays, then
times numpy.savez / numpy.savez_compressed / numpy.load (every array materialised). Prints JSON: MB/s per case."""
import json
import os
import sys
import tempfile
import time

import numpy as np


def best_of(reps, fn):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def bench(path, save, reps):
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    mb = sum(a.nbytes for a in arrays.values()) / 1e6
    out = os.path.join(tempfile.mkdtemp(), "numpy.npz")
    write_s = best_of(reps, lambda: save(out, **arrays))

    def load():
        with np.load(out, allow_pickle=False) as z:
            for k in z.files:
                z[k]
    read_s = best_of(reps, load)
    os.remove(out)
    return {"write": mb / write_s, "read": mb / read_s}


def main():
    attention, activation, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    json.dump({"attention": bench(attention, np.savez, reps),
               "activation": bench(activation, np.savez_compressed, reps)}, sys.stdout)


if __name__ == "__main__":
    main()
