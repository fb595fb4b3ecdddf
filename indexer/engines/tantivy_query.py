"""Query plans (query_plan.py) → tantivy queries. Translation only: every decision is in the plan."""

from __future__ import annotations

import tantivy

from indexer.engines.query_plan import AnyOf, Bool, ConstScore, Flag, IntRange, Keyword, Node, Phrase, Term

_OCCUR = tantivy.Occur


def compile_query(node: Node, schema: tantivy.Schema) -> tantivy.Query:
    if isinstance(node, Bool):
        query = _boolean(node, schema)
    elif isinstance(node, Term):
        query = tantivy.Query.term_query(schema, node.field, node.value)
    elif isinstance(node, Phrase):
        if len(node.words) == 1:
            query = tantivy.Query.term_query(schema, node.field, node.words[0])
        else:
            query = tantivy.Query.phrase_query(schema, node.field, list(node.words), slop=node.slop)
    elif isinstance(node, ConstScore):
        return tantivy.Query.const_score_query(compile_query(node.node, schema), node.score)
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


def _boolean(node: Bool, schema: tantivy.Schema) -> tantivy.Query:
    # tantivy has no filter context: a filter is a MUST clause. Filters here are keyword terms with a
    # one-term field norm, so their score is the same constant for every document.
    clauses = [(_OCCUR.Must, compile_query(c, schema)) for c in (*node.filter, *node.must)]
    clauses += [(_OCCUR.Should, compile_query(c, schema)) for c in node.should]
    clauses += [(_OCCUR.MustNot, compile_query(c, schema)) for c in node.must_not]
    if node.minimum_should_match > 1:
        return tantivy.Query.boolean_query(clauses, minimum_number_should_match=node.minimum_should_match)
    return tantivy.Query.boolean_query(clauses)
