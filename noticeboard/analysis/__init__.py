"""Layer 2 — analysis: pure facts derived from a board (rankings, the decision tracker, the
supply list, statistics, activity over time), worked out once per build by
:class:`~noticeboard.analysis.facts.BoardFacts`. Reads only the content layer.
"""
