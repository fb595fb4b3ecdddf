"""Query plans (query_plan.py) → tantivy queries. Translation only: every decision is in the plan."""

from __future__ import annotations

import tantivy

from indexer.engines.query_plan import AnyOf, Bool, ConstScore, Flag, IntRange, Keyword, Node, Phrase, Term

_OCCUR = tantivy.Occur


def compile_query(node: Node, schema: tantivy.Schema, guard: bool = True) -> tantivy.Query:
    """`guard=False` leaves optional clauses unguarded (see _guarded): the same hits and scores,
    slower; kept so that the tests can show it."""
    if isinstance(node, Bool):
        query = _boolean(node, schema, guard)
    elif isinstance(node, Term):
        query = tantivy.Query.term_query(schema, node.field, node.value)
    elif isinstance(node, Phrase):
        if len(node.words) == 1:
            query = tantivy.Query.term_query(schema, node.field, node.words[0])
        else:
            query = tantivy.Query.phrase_query(schema, node.field, list(node.words), slop=node.slop)
    elif isinstance(node, ConstScore):
        return tantivy.Query.const_score_query(compile_query(node.node, schema, guard), node.score)
    elif isinstance(node, Keyword):
        return tantivy.Query.term_query(schema, node.field, node.value)
    elif isinstance(node, Flag):
        return tantivy.Query.term_query(schema, node.field, "1" if node.value else "0")
    elif isinstance(node, AnyOf):
        terms = [(_OCCUR.Should, tantivy.Query.term_query(schema, node.field, v)) for v in node.values]
        return tantivy.Query.boolean_query(terms)
    elif isinstance(node, IntRange):
        return tantivy.Query.range_query(schema, node.field, tantivy.FieldType.Integer, node.low, node.high)
    else:
        raise TypeError(f"not a query plan node: {node!r}")
    boost = getattr(node, "boost", 1.0)
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def _boolean(node: Bool, schema: tantivy.Schema, guard: bool) -> tantivy.Query:
    # tantivy has no filter context: a filter is a MUST clause. Filters here are keyword terms with a
    # one-term field norm, so their score is the same constant for every document.
    filters = [compile_query(c, schema, guard) for c in node.filter]
    clauses = [(_OCCUR.Must, q) for q in filters]
    clauses += [(_OCCUR.Must, compile_query(c, schema, guard)) for c in node.must]
    shoulds = [compile_query(c, schema, guard) for c in node.should]
    clauses += [(_OCCUR.Should, q) for q in (_guarded(shoulds, filters) if guard else shoulds)]
    clauses += [(_OCCUR.MustNot, compile_query(c, schema, guard)) for c in node.must_not]
    if node.minimum_should_match > 1:
        return tantivy.Query.boolean_query(clauses, minimum_number_should_match=node.minimum_should_match)
    return tantivy.Query.boolean_query(clauses)


def _guarded(shoulds: list[tantivy.Query], filters: list[tantivy.Query]) -> list[tantivy.Query]:
    """Optional clauses that evaluate only where the filters hold, with the same scores.

    Two or more optional clauses become one union scorer, and tantivy's union fills windows of 4096
    documents from every clause before the required part says which of them it wants: a phrase
    clause then checks positions in every entry holding its words, clauses and filtered-out documents
    included (a hit's clause query: in the whole index, for the ~8 entries of one document). Each
    clause ANDed with the filters at boost 0 advances only through entries the filters let through;
    its score is 0 + the clause's own, the same float."""
    if len(shoulds) < 2 or not filters:
        return shoulds
    guard = (
        filters[0] if len(filters) == 1 else tantivy.Query.boolean_query([(_OCCUR.Must, f) for f in filters])
    )
    guard = tantivy.Query.boost_query(guard, 0.0)
    return [tantivy.Query.boolean_query([(_OCCUR.Must, guard), (_OCCUR.Must, q)]) for q in shoulds]
