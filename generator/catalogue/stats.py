"""County-wide figures: centres per tier, items per category, what each tier can start and finish."""
from __future__ import annotations

from .facts import takes_in
from .model import Catalogue
from .vocab import LEVELS, TIER_ZH, TIERS


def catalogue_stats(catalogue: Catalogue) -> dict:
    return {
        "centres": {tier: len(catalogue.centres_at(tier)) for tier in TIERS},
        "centre_kinds": _count(c.kind for c in catalogue.centres),
        "items": len(catalogue.items),
        "levels": {level: sum(item.level == level for item in catalogue.items) for level in LEVELS},
        "categories": {c.name: len(catalogue.items_in(c)) for c in catalogue.categories},
        "tiers": {tier: _tier_figures(catalogue, tier) for tier in TIERS},
    }


def _count(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _tier_figures(catalogue: Catalogue, tier: str) -> dict:
    roles = [item.role_at(tier) for item in catalogue.items]
    return {
        "consult": sum(r.level >= 1 for r in roles),
        "start": sum(takes_in(item, tier) for item in catalogue.items),
        "finish": sum(r.level == 4 for r in roles),
    }


def as_text(stats: dict) -> str:
    lines = ["中心数量："]
    lines += [f"  {TIER_ZH[t]}：{n} 个" for t, n in stats["centres"].items()]
    lines += [f"  其中 {kind}：{n} 个" for kind, n in stats["centre_kinds"].items()]
    lines.append(f"事项数量：{stats['items']} 项")
    lines.append("  按完整度：" + "，".join(f"{level} {n} 项" for level, n in stats["levels"].items()))
    lines += [f"  {name}：{n} 项" for name, n in stats["categories"].items()]
    lines.append("各层级能办什么（可咨询 / 可受理或代办 / 可办结）：")
    lines += [f"  {TIER_ZH[t]}：{f['consult']} / {f['start']} / {f['finish']}" for t, f in stats["tiers"].items()]
    return "\n".join(lines)
