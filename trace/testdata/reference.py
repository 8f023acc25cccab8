"""Independent reference values for trace's diagnostics tests.

A plain-Python (no NumPy) transcription of the formulas of Vehtari et al. (2021) as ArviZ
implements them (arviz/stats/diagnostics.py: _split_chains, _z_scale, _rhat, _rhat_rank,
_ess, _ess_bulk, _ess_tail, _ess_mean, _mcse_mean), with the autocovariance summed directly
(O(n^2)) instead of by FFT, ranks counted pairwise, and Phi^-1 from statistics.NormalDist.
Run from the package directory: python3 testdata/reference.py (writes testdata/reference.json)
"""
import math
import random
from statistics import NormalDist

def split(chains):
    half = len(chains[0]) // 2
    return [c[:half] for c in chains] + [c[len(c) - half:] for c in chains]

def flat(chains):
    return [v for c in chains for v in c]

def zscale(chains):
    xs = flat(chains)
    s = len(xs)
    out = []
    for c in chains:
        row = []
        for v in c:
            less = sum(1 for u in xs if u < v)
            eq = sum(1 for u in xs if u == v)
            r = less + (eq + 1) / 2.0
            row.append(NormalDist().inv_cdf((r - 0.375) / (s + 0.25)))
        out.append(row)
    return out

def mean(x):
    return sum(x) / len(x)

def var(x, ddof):
    m = mean(x)
    return sum((v - m) ** 2 for v in x) / (len(x) - ddof)

def rhat_core(chains):
    n = len(chains[0])
    means = [mean(c) for c in chains]
    b = n * var(means, 1)
    w = mean([var(c, 1) for c in chains])
    return math.sqrt((b / w + n - 1) / n)

def median(x):
    s = sorted(x)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2

def rhat(chains):
    sp = split(chains)
    bulk = rhat_core(zscale(sp))
    med = median(flat(sp))
    folded = [[abs(v - med) for v in c] for c in sp]
    tail = rhat_core(zscale(folded))
    return max(bulk, tail)

def acov(c):
    n = len(c)
    m = mean(c)
    d = [v - m for v in c]
    return [sum(d[i] * d[i + t] for i in range(n - t)) / n for t in range(n)]

def ess(chains):
    xs = flat(chains)
    if max(xs) - min(xs) < 1e-15:
        return float(len(xs))
    m, n = len(chains), len(chains[0])
    ac = [acov(c) for c in chains]
    mac = [mean([a[t] for a in ac]) for t in range(n)]
    mean_var = mac[0] * n / (n - 1.0)
    var_plus = mean_var * (n - 1.0) / n
    if m > 1:
        var_plus += var([mean(c) for c in chains], 1)
    rho = [0.0] * n
    rho[0] = even = 1.0
    odd = 1.0 - (mean_var - mac[1]) / var_plus
    rho[1] = odd
    t = 1
    while t < n - 3 and even + odd > 0:
        even = 1.0 - (mean_var - mac[t + 1]) / var_plus
        odd = 1.0 - (mean_var - mac[t + 2]) / var_plus
        if even + odd >= 0:
            rho[t + 1], rho[t + 2] = even, odd
        t += 2
    max_t = t - 2
    if even > 0:
        rho[max_t + 1] = even
    t = 1
    while t <= max_t - 2:
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0
            rho[t + 2] = rho[t + 1]
        t += 2
    total = m * n
    tau = -1.0 + 2.0 * sum(rho[: max_t + 1]) + sum(rho[max_t + 1 : max_t + 2])
    tau = max(tau, 1 / math.log10(total))
    return total / tau

def mquantile(xs, p):
    s = sorted(xs)
    n = len(s)
    aleph = n * p + 1 - p
    k = math.floor(min(max(aleph, 1), n - 1))
    g = min(max(aleph - k, 0), 1)
    return (1 - g) * s[k - 1] + g * s[k]

def ess_bulk(chains):
    return ess(zscale(split(chains)))

def ess_tail(chains):
    xs = flat(chains)
    out = []
    for p in (0.05, 0.95):
        q = mquantile(xs, p)
        out.append(ess(split([[1.0 if v <= q else 0.0 for v in c] for c in chains])))
    return min(out)

def ess_mean(chains):
    return ess(split(chains))

def mcse_mean(chains):
    return math.sqrt(var(flat(chains), 1)) / math.sqrt(ess_mean(chains))

def cases():
    a = [[0.1, 0.5, -0.3, 1.2, 0.8, -0.7, 0.05, 0.9],
         [1.1, 0.4, 0.6, 2.0, 1.5, 0.2, 0.95, 1.3]]
    b = [[1, 2, 2, 3, 1, 4, 2], [2, 2, 3, 5, 1, 1, 2], [0, 1, 2, 2, 3, 2, 6]]
    rng = random.Random(20240611)
    c = []
    for j in range(4):
        x, row = 0.0, []
        for _ in range(50):
            x = 0.6 * x + rng.gauss(0.1 * j, 1)
            row.append(round(x, 6))
        c.append(row)
    d = [[round(rng.expovariate(1.0), 6) for _ in range(31)]]
    e = [[round(rng.gauss(0, 1), 6) for _ in range(12)], [round(rng.gauss(0.5, 2), 6) for _ in range(12)]]
    return [("A", a), ("B", b), ("C", c), ("D", d), ("E", e)]

if __name__ == "__main__":
    import json
    out = []
    for name, ch in cases():
        ch = [[float(v) for v in c] for c in ch]
        out.append({
            "name": name,
            "chains": ch,
            "rhat": rhat(ch) if len(ch) > 1 else None,  # ArviZ: NaN for one chain
            "ess_bulk": ess_bulk(ch),
            "ess_tail": ess_tail(ch),
            "ess_mean": ess_mean(ch),
            "mcse_mean": mcse_mean(ch),
        })
    with open("testdata/reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
