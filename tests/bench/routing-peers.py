# Peer timings for `npm run bench -- routing`: networkx and igraph (Debian python3-networkx,
# python3-igraph) on the very graphs the TypeScript side timed. Input (stdin, JSON):
#   {"task": "sssp", "edges": FILE, "n": N, "source": S, "repeat": R}
#   {"task": "yen", "edges": FILE, "n": N, "s": S, "t": T, "k": K}
#   {"task": "ecmp", "repetita": GRAPH, "demands": DEMANDS, "failures": F}   (F failures, 0 = none)
# Edge files: one "u v w" line per directed arc. Output: {"networkx": ms, "igraph": ms|null}
# (median of `repeat` runs; graph loading is not timed).
import json
import statistics
import sys
import time
from itertools import islice

import networkx as nx

try:
    import igraph as ig
except ImportError:  # python3-igraph absent: report networkx only
    ig = None


def load_edges(path):
    arcs = []
    with open(path) as f:
        for line in f:
            u, v, w = line.split()
            arcs.append((int(u), int(v), float(w)))
    return arcs


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def sssp(q):
    arcs = load_edges(q["edges"])
    G = nx.DiGraph()
    G.add_nodes_from(range(q["n"]))
    G.add_weighted_edges_from(arcs)
    out = {"networkx": timed(lambda: nx.single_source_dijkstra_path_length(G, q["source"]), q.get("repeat", 3))}
    if ig:
        H = ig.Graph(n=q["n"], edges=[(u, v) for u, v, _ in arcs], directed=True)
        H.es["weight"] = [w for _, _, w in arcs]
        out["igraph"] = timed(lambda: H.distances(source=[q["source"]], weights="weight"), q.get("repeat", 3))
    return out


def yen(q):
    arcs = load_edges(q["edges"])
    G = nx.DiGraph()
    G.add_nodes_from(range(q["n"]))
    G.add_weighted_edges_from(arcs)
    k = q["k"]
    out = {"networkx": timed(lambda: list(islice(nx.shortest_simple_paths(G, q["s"], q["t"], weight="weight"), k)), 1)}
    if ig:
        H = ig.Graph(n=q["n"], edges=[(u, v) for u, v, _ in arcs], directed=True)
        H.es["weight"] = [w for _, _, w in arcs]
        out["igraph"] = timed(lambda: H.get_k_shortest_paths(q["s"], to=q["t"], k=k, weights="weight", output="epath"), 1)
    return out


def repetita(graph_path, demands_path):
    with open(graph_path) as f:
        lines = [l.split() for l in f if l.strip()]
    n = int(lines[0][1])
    m = int(lines[n + 2][1])
    arcs = []
    for row in lines[n + 4:n + 4 + m]:
        if row[1] != row[2]:
            arcs.append((row[0], int(row[1]), int(row[2]), float(row[3])))
    with open(demands_path) as f:
        dl = [l.split() for l in f if l.strip()]
    demands = [(int(r[1]), int(r[2]), float(r[3]) * 1000) for r in dl[2:2 + int(dl[0][1])]]
    return n, arcs, demands


def ecmp_networkx(n, arcs, demands, down):
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(n))
    for label, u, v, w in arcs:
        if label not in down:
            G.add_edge(u, v, key=label, weight=w)
    R = G.reverse(copy=False)
    by_dst = {}
    for s, t, r in demands:
        by_dst.setdefault(t, []).append((s, r))
    load = {}
    for t, srcs in by_dst.items():
        dist = nx.single_source_dijkstra_path_length(R, t, weight="weight")
        node_load = {}
        for s, r in srcs:
            if s in dist and s != t:
                node_load[s] = node_load.get(s, 0.0) + r
        for u in sorted(dist, key=lambda x: -dist[x]):
            c = node_load.get(u, 0.0)
            if c == 0 or u == t:
                continue
            hops = [(v, k) for _, v, k, w in G.out_edges(u, keys=True, data="weight") if abs(dist[u] - (w + dist[v])) <= 1e-9 * max(1, dist[u])]
            share = c / len(hops)
            for v, k in hops:
                load[k] = load.get(k, 0.0) + share
                node_load[v] = node_load.get(v, 0.0) + share
    return load


def ecmp_igraph(n, arcs, demands, down):
    kept = [a for a in arcs if a[0] not in down]
    H = ig.Graph(n=n, edges=[(u, v) for _, u, v, _ in kept], directed=True)
    w = [x for _, _, _, x in kept]
    dist = H.distances(weights=w, mode="in")  # dist[t][u]: u → t, C core for all destinations
    out_arcs = [[] for _ in range(n)]
    for i, (_, u, v, x) in enumerate(kept):
        out_arcs[u].append((i, v, x))
    by_dst = {}
    for s, t, r in demands:
        by_dst.setdefault(t, []).append((s, r))
    load = [0.0] * len(kept)
    inf = float("inf")
    for t, srcs in by_dst.items():
        d = dist[t]
        node_load = [0.0] * n
        for s, r in srcs:
            if s != t and d[s] != inf:
                node_load[s] += r
        for u in sorted(range(n), key=lambda x: -d[x]):
            c = node_load[u]
            if c == 0 or u == t or d[u] == inf:
                continue
            hops = [(i, v) for i, v, x in out_arcs[u] if d[v] != inf and abs(d[u] - (x + d[v])) <= 1e-9 * max(1, d[u])]
            share = c / len(hops)
            for i, v in hops:
                load[i] += share
                node_load[v] += share
    return load


def ecmp(q):
    n, arcs, demands = repetita(q["repetita"], q["demands"])
    failures = q.get("failures", 0)
    links = sorted({tuple(sorted((u, v))) for _, u, v, _ in arcs})[:failures] if failures else [None]

    def run(fn):
        for link in links:
            down = set() if link is None else {a[0] for a in arcs if tuple(sorted((a[1], a[2]))) == link}
            fn(n, arcs, demands, down)

    out = {"networkx": timed(lambda: run(ecmp_networkx), q.get("repeat", 1))}
    if ig:
        out["igraph"] = timed(lambda: run(ecmp_igraph), q.get("repeat", 1))
    return out


def main():
    q = json.load(sys.stdin)
    out = {"sssp": sssp, "yen": yen, "ecmp": ecmp}[q["task"]](q)
    json.dump(out, sys.stdout)


main()
