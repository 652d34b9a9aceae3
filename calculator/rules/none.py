"""`none`: counts nothing, with the reason shown. 益阳 附件5 第9条: 本科、硕士阶段学历教育不纳入."""

from ..numbers import ZERO
from .common import step


def evaluate(rule, params):
    return ZERO, [step(rule["reason"], ZERO, ref="reason")]


def describe(kind, era, unit, page):
    return f'<p class="jx-none"><strong>不计{page.esc(unit)}：</strong>{page.esc(kind["rule"]["reason"])}</p>'


def check(kind, known):
    return iter(())


def refs(rule):
    return {"reason"}


def points(rule):
    """Parameter values where this kind's value jumps, beyond those its conditions name: none."""
    return {}
