"""Which groups a survey run may show, so that no visible number lets anyone work out a smaller group.

Plain functions without Django. Nodes are the organisation (`ROOT`), its departments and teams; a
response's reporting group is a team or, for someone in no team of the audience, the organisation
itself. A node's results are over every response in its subtree.

Three ways to single people out, and what closes each:

1. *A small group on its own*: a node is shown only with at least `k` responses.
2. *Subtraction along the hierarchy* (a department minus its visible teams, the organisation minus its
   departments): every quantity anyone can derive from shown sums is a sum over *atoms*, the classes of
   responses that lie in exactly the same shown sets. In a tree, the atom of a shown node is its
   *residual*: the node minus its topmost shown descendants. `visible_nodes` hides descendants (the
   smallest first) until every shown node's residual is empty or has at least `k` responses.
3. *Subtraction over time* (the results before and after one more answer): results grow only by
   publications. `publish` computes the next set of shown nodes over all responses so far and publishes
   it only when every atom over *all* publications of the run (old sets on the responses they covered,
   new sets on all) is empty or has at least `k` responses; otherwise new responses wait for company.
   Runs never pool responses, and the threshold of a run is fixed when it is made, so separate runs share
   no sets to subtract.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

ROOT = 0

Tree = Mapping[int, int | None]  # team id -> parent team id (None: directly under the organisation)
Cover = dict[int, frozenset[int]]  # shown node -> the reporting groups it covers


def children_of(parents: Tree) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for node, parent in parents.items():
        if node == ROOT:
            continue
        children[parent if parent in parents and parent != node else ROOT].append(node)
    for nodes in children.values():
        nodes.sort()
    return children


def subtrees(parents: Tree) -> dict[int, frozenset[int]]:
    children = children_of(parents)
    covered: dict[int, frozenset[int]] = {}
    order, stack, seen = [], [ROOT], set()
    while stack:  # iterative depth-first walk, safe against cycles in bad data
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(children.get(node, []))
    for node in reversed(order):
        groups = {node}
        for child in children.get(node, []):
            groups |= covered.get(child, frozenset())
        covered[node] = frozenset(groups)
    return covered


def visible_nodes(parents: Tree, counts: Mapping[int, int], k: int) -> Cover:
    """The nodes to show, each with the groups it covers; every residual is empty or at least `k`."""
    children = children_of(parents)
    subtree = subtrees(parents)
    total = {node: sum(counts.get(g, 0) for g in groups) for node, groups in subtree.items()}
    shown = {node for node, n in total.items() if n >= k}

    def topmost(node: int) -> list[int]:
        found = []
        for child in children.get(node, []):
            found.extend([child] if child in shown else topmost(child))
        return found

    # Deepest first: hiding below a node changes only that node's residual.
    depth = {node: len(ancestors(parents, node)) for node in subtree}
    for node in sorted(subtree, key=lambda v: (-depth[v], v)):
        while node in shown:
            top = topmost(node)
            residual = total[node] - sum(total[w] for w in top)
            if residual == 0 or residual >= k:
                break
            shown.discard(min(top, key=lambda w: (total[w], w)))
    return {node: subtree[node] for node in shown}


def ancestors(parents: Tree, node: int) -> list[int]:
    found, seen = [], {node}
    while node != ROOT:
        parent = parents.get(node)
        node = ROOT if parent is None or parent not in parents else parent
        if node in seen:
            break
        seen.add(node)
        found.append(node)
    return found


def atoms(cover: Cover) -> dict[int, int]:
    """Each covered group's atom: the shown node with the smallest set containing it (its residual)."""
    found: dict[int, int] = {}
    for node, groups in sorted(cover.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        for group in groups:
            found[group] = node
    return found


def publish(counts: Mapping[tuple[int, int | None], int], earlier: Iterable[tuple[int, Cover]],
            parents: Tree, k: int) -> Cover | None:
    """The next publication's shown nodes, or None when publishing now would expose a small atom.

    `counts` maps (reporting group, publication number or None while waiting) to a number of responses;
    `earlier` lists the run's earlier publications (number, cover). The new publication covers every
    response in `counts`.
    """
    earlier = sorted(earlier, key=lambda pair: pair[0])
    per_group: dict[int, int] = defaultdict(int)
    for (group, _published), n in counts.items():
        per_group[group] += n
    new = visible_nodes(parents, per_group, k)
    if not new:
        return None
    earlier_atoms = [(number, atoms(cover)) for number, cover in earlier]
    new_atoms = atoms(new)
    classes: dict[tuple, int] = defaultdict(int)
    for (group, published), n in counts.items():
        if n <= 0:
            continue
        signature = tuple(
            found.get(group) if published is not None and published <= number else None
            for number, found in earlier_atoms
        ) + (new_atoms.get(group),)
        classes[signature] += n
    for signature, n in classes.items():
        if any(part is not None for part in signature) and n < k:
            return None
    if earlier and earlier[-1][1] == new and all(p is not None for (_g, p) in counts):
        return None  # nothing new to show
    return new


def cover_to_json(cover: Cover) -> list:
    return [[node, sorted(groups)] for node, groups in sorted(cover.items())]


def cover_from_json(data) -> Cover:
    return {int(node): frozenset(int(g) for g in groups) for node, groups in (data or [])}
