"""Query plans (query_plan.py) → tantivy queries. Translation only: every decision is in the plan."""

from __future__ import annotations

import tantivy

from indexer.engines.query_plan import AnyOf, Bool, ConstScore, Flag, IntRange, Keyword, Node, Phrase, Term

_OCCUR = tantivy.Occur


def compile_query(
    node: Node, schema: tantivy.Schema, guard: bool = True, fields: dict[str, str] | None = None
) -> tantivy.Query:
    """`guard=False` leaves optional clauses unguarded (see _guarded): the same hits and scores,
    slower; kept so that the tests can show it. `fields` maps a plan's text field to the index field
    holding it for the entries asked (clauses have their body in a field of their own)."""
    return _Compiler(schema, guard, fields or {}).compile(node, None)


class _Compiler:
    def __init__(self, schema: tantivy.Schema, guard: bool, fields: dict[str, str]):
        self.schema, self.guard, self.fields = schema, guard, fields

    def compile(self, node: Node, inherited: tantivy.Query | None) -> tantivy.Query:
        """`inherited`: the zero-boost filters of the nearest enclosing Bool that has filters."""
        schema = self.schema
        if isinstance(node, Bool):
            query = self.boolean(node, inherited)
        elif isinstance(node, Term):
            query = tantivy.Query.term_query(schema, self.fields.get(node.field, node.field), node.value)
        elif isinstance(node, Phrase):
            field = self.fields.get(node.field, node.field)
            if len(node.words) == 1:
                query = tantivy.Query.term_query(schema, field, node.words[0])
            else:
                query = tantivy.Query.phrase_query(schema, field, list(node.words), slop=node.slop)
        elif isinstance(node, ConstScore):
            return tantivy.Query.const_score_query(self.compile(node.node, None), node.score)
        elif isinstance(node, Keyword):
            return tantivy.Query.term_query(schema, node.field, node.value)
        elif isinstance(node, Flag):
            return tantivy.Query.term_query(schema, node.field, "1" if node.value else "0")
        elif isinstance(node, AnyOf):
            terms = [(_OCCUR.Should, tantivy.Query.term_query(schema, node.field, v)) for v in node.values]
            return tantivy.Query.boolean_query(terms)
        elif isinstance(node, IntRange):
            integer = tantivy.FieldType.Integer
            return tantivy.Query.range_query(schema, node.field, integer, node.low, node.high)
        else:
            raise TypeError(f"not a query plan node: {node!r}")
        boost = getattr(node, "boost", 1.0)
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def boolean(self, node: Bool, inherited: tantivy.Query | None) -> tantivy.Query:
        # tantivy has no filter context: a filter is a MUST clause. Filters here are keyword terms with
        # a one-term field norm, so their score is the same constant for every document.
        filters = [self.compile(c, None) for c in node.filter]
        own = _zero_boost(filters) if self.guard and filters else inherited
        required = [(_OCCUR.Must, q) for q in filters]
        required += [(_OCCUR.Must, self.compile(c, own)) for c in node.must]
        required += [(_OCCUR.MustNot, self.compile(c, None)) for c in node.must_not]
        shoulds = [self.compile(c, None) for c in node.should]
        if self.guard and len(shoulds) > 1 and (node.filter or node.must) and node.minimum_should_match <= 1:
            return _chained(tantivy.Query.boolean_query(required), shoulds)
        if own is not None and len(shoulds) > 1:
            # inside a required group (no filters of its own, so no required part to chain to): the
            # phrases; a quoted phrase is a group of a body and a head phrase, a union again
            wrap = [bool(filters) or (isinstance(c, Phrase) and len(c.words) > 1) for c in node.should]
            shoulds = [_guarded(q, own) if w else q for q, w in zip(shoulds, wrap, strict=True)]
        clauses = required + [(_OCCUR.Should, q) for q in shoulds]
        if node.minimum_should_match > 1:
            return tantivy.Query.boolean_query(clauses, minimum_number_should_match=node.minimum_should_match)
        return tantivy.Query.boolean_query(clauses)


def _chained(required: tantivy.Query, optional: list[tantivy.Query]) -> tantivy.Query:
    """The required part with each optional clause added as its own (required, optional) pair.

    Two or more optional clauses in one Bool become one union scorer, which fills windows of 4096
    entries from every clause before the required part says which it wants: a phrase clause checked
    positions in every document holding its words (~200,000 for common syllables at ten times the
    legal code) for the few thousand that match. Paired one by one, an optional clause is only sought
    to the documents the required part found. Same hits; each score is the same sum, added in
    another order (equal up to float rounding)."""
    query = required
    for clause in optional:
        query = tantivy.Query.boolean_query([(_OCCUR.Must, query), (_OCCUR.Should, clause)])
    return query


def _zero_boost(filters: list[tantivy.Query]) -> tantivy.Query:
    both = (
        filters[0] if len(filters) == 1 else tantivy.Query.boolean_query([(_OCCUR.Must, f) for f in filters])
    )
    return tantivy.Query.boost_query(both, 0.0)


def _guarded(query: tantivy.Query, guard: tantivy.Query) -> tantivy.Query:
    """An optional clause that evaluates only where the filters hold, with the same score.

    Two or more optional clauses become one union scorer, and tantivy's union fills windows of 4096
    documents from every clause before the required part says which of them it wants: a phrase
    clause then checks positions in every entry holding its words, clauses and filtered-out documents
    included (a hit's clause query: in the whole index, for the ~8 entries of one document). ANDed
    with the filters at boost 0 it advances only through entries the filters let through; its score
    is 0 + its own, the same float."""
    return tantivy.Query.boolean_query([(_OCCUR.Must, guard), (_OCCUR.Must, query)])
