# networkx oracle for the routing interop tests. Reads the original files itself (REPETITA .graph
# and .demands, GraphML through networkx.read_graphml), so it shares nothing with NetWeaver's
# importers, and answers on stdout as JSON:
#   dist:  {source: {node: distance}}            networkx single_source_dijkstra_path_length
#   loads: {arc key: bit/s}                      ECMP equal split per next-hop arc, built on
#                                                networkx distances towards each destination
#   ksp:   [{s, t, paths: [{cost, nodes}]}]      networkx shortest_simple_paths (Yen)
# Arc keys: REPETITA edge labels; GraphML "<edge id>:ab" / "<edge id>:ba".
import json
import sys
from itertools import islice

import networkx as nx


def repetita(graph_path, demands_path):
    G = nx.MultiDiGraph()
    with open(graph_path) as f:
        lines = [l.split() for l in f if l.strip()]
    i = 0
    n = int(lines[i][1]); i += 2
    labels = [lines[i + j][0] for j in range(n)]
    G.add_nodes_from(labels)
    i += n
    m = int(lines[i][1]); i += 2
    for j in range(m):
        label, s, d, w, bw, delay = lines[i + j][:6]
        if s == d:
            continue
        G.add_edge(labels[int(s)], labels[int(d)], key=label, weight=float(w))
    demands = []
    if demands_path:
        with open(demands_path) as f:
            dl = [l.split() for l in f if l.strip()]
        k = int(dl[0][1])
        for row in dl[2:2 + k]:
            demands.append((labels[int(row[1])], labels[int(row[2])], float(row[3]) * 1000))
    return G, demands


def graphml(path):
    H = nx.read_graphml(path, force_multigraph=True)
    G = nx.MultiDiGraph()
    G.add_nodes_from(H.nodes())
    for u, v, key in H.edges(keys=True):
        if u == v:
            continue
        G.add_edge(u, v, key=f"{key}:ab", weight=1.0)
        G.add_edge(v, u, key=f"{key}:ba", weight=1.0)
    nodes = list(G.nodes())
    demands = [(s, t, 1.0) for s in nodes for t in nodes if s != t]
    return G, demands


def ecmp_loads(G, demands):
    by_dst = {}
    for s, t, r in demands:
        by_dst.setdefault(t, []).append((s, r))
    R = G.reverse(copy=False)
    load = {k: 0.0 for _, _, k in G.edges(keys=True)}
    for t, srcs in by_dst.items():
        dist = nx.single_source_dijkstra_path_length(R, t, weight="weight")
        node_load = {}
        for s, r in srcs:
            if s != t and s in dist:
                node_load[s] = node_load.get(s, 0.0) + r
        for u in sorted(dist, key=lambda x: -dist[x]):
            carried = node_load.get(u, 0.0)
            if carried == 0 or u == t:
                continue
            hops = [(v, k) for _, v, k, w in G.out_edges(u, keys=True, data="weight")
                    if v in dist and abs(dist[u] - (w + dist[v])) <= 1e-9 * max(1.0, dist[u])]
            share = carried / len(hops)
            for v, k in hops:
                load[k] += share
                node_load[v] = node_load.get(v, 0.0) + share
    return load


def k_shortest(G, pairs, k):
    # shortest_simple_paths needs a simple graph; the tests only pick networks without parallel arcs.
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes())
    for u, v, w in G.edges(data="weight"):
        if not D.has_edge(u, v) or D[u][v]["weight"] > w:
            D.add_edge(u, v, weight=w)
    out = []
    for s, t in pairs:
        paths = []
        try:
            for p in islice(nx.shortest_simple_paths(D, s, t, weight="weight"), k):
                paths.append({"cost": sum(D[a][b]["weight"] for a, b in zip(p, p[1:])), "nodes": p})
        except nx.NetworkXNoPath:
            pass
        out.append({"s": s, "t": t, "paths": paths})
    return out


def main():
    q = json.load(sys.stdin)
    if q["kind"] == "repetita":
        G, demands = repetita(q["graph"], q.get("demands"))
    else:
        G, demands = graphml(q["graph"])
    sources = q.get("sources") or list(G.nodes())
    out = {
        "nodes": list(G.nodes()),
        "dist": {s: nx.single_source_dijkstra_path_length(G, s, weight="weight") for s in sources},
        "loads": ecmp_loads(G, demands) if q.get("loads") else {},
        "ksp": k_shortest(G, q.get("kpairs", []), q.get("k", 10)),
    }
    json.dump(out, sys.stdout)


main()
