"""``graphmap who-to-call``: the front-line worker's question from the command line."""
from __future__ import annotations

import click

from ..facts import now_in_helsinki
from ..i18n import label, translate
from ..search.params import DEFAULT_LIMIT, MAX_AGE, MAX_LIMIT
from .common import cli_lang, emit_json, format_option, get_store, lang_option, store_option
from .helptext import argument, command

#: the command's names of the parameters graphmap.search.check_params names
CLI_PARAM = {"text": "'TEXT'", "from_unit": "'--from'"}



def _label(key: str, lang: str) -> str:
    """A card label: ``cli.search.<key>`` of the catalogue."""
    return translate(f"cli.search.{key}", lang)


def card(answer: dict, rank: int, lang: str, names: dict[str, str] | None = None,
         facts: dict | None = None) -> str:
    """One answer as a short text card (``names``: id → name, for the path; ``facts``:
    :func:`graphmap.facts.unit_facts` of its unit — open now, for whom, where)."""
    names = names or {}
    t = lambda key: _label(key, lang)  # noqa: E731
    lines = [f"{rank}. {answer['unit_name']} — {answer['organisation']} ({answer['area_name']})"]
    role = answer.get("role")
    if role:
        who = ", ".join(x for x in (role.get("title"), role.get("person")) if x)
        lines.append(f"   {t('role')}: {who}")
    ch = answer["channel"]
    if ch.get("phone"):
        lines.append(f"   {t('phone')}: {ch['phone']}")
    if ch.get("email"):
        lines.append(f"   {t('email')}: {ch['email']}")
    direct = translate("search.direct", lang)  # the page's words for it, as a label
    yes_no = translate("yes" if answer["self_referral"] else "no", lang)
    lines.append(f"   {direct[:1].lower()}{direct[1:]}: {yes_no}")
    if facts and facts["status"]:
        lines.append(f"   {facts['status']} ({facts['hours']})")
    if facts and facts["eligibility"]:
        lines.append(f"   {t('for_whom')}: {facts['eligibility']}")
    if facts and facts["address"]:
        lines.append(f"   {t('address')}: {facts['address']}"
                     + (f" <{facts['map_link']}>" if facts["map_link"] else ""))
    lines.append(f"   {t('level')}: {label('level', answer['level'], lang)}")
    lines.append(f"   {t('why')}: " + "; ".join(answer["why"]))
    if answer.get("path"):
        lines.append(f"   {t('path')}: " + " → ".join(names.get(n, n) for n in answer["path"]))
    return "\n".join(lines)


# help: cli.help.who_to_call* in the catalogue, with the limits of graphmap.search.params
@command("who-to-call", help_values={"max_age": MAX_AGE, "max_limit": MAX_LIMIT})
@argument("text")
@click.option("--area")
@click.option("--age", type=int)
@click.option("--from", "from_unit")
@lang_option  # left out: GRAPHMAP_LANG or the locale (None and "fi" parse alike)
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True)
@format_option
@store_option
def who_to_call_cmd(text, area, age, from_unit, lang, limit, fmt, store_url):
    from ..graph import build_graph
    from ..search import SearchError, build_index

    net = get_store(store_url).read()
    index = build_index(build_graph(net))
    if index.lemmatiser.name != "voikko":
        click.echo(_label("fallback", lang), err=True)
    try:
        answer = index.who_to_call(text, area=area, age=age, from_unit=from_unit, lang=lang,
                                   limit=limit, now=now_in_helsinki())
    except SearchError as exc:  # the one check (graphmap.search.params), in the user's language
        raise click.BadParameter(exc.text(cli_lang()), param_hint=CLI_PARAM.get(
            exc.param, f"'--{exc.param}'")) from exc
    if fmt == "json":
        emit_json({"query": text, "lemmatiser": index.lemmatiser.name, **answer})
        return
    names = {**{u.id: u.name for u in net.units.values()},
             **{r.id: r.title for r in net.roles.values()}}
    from ..facts import unit_facts
    now = now_in_helsinki()
    shown = answer["results"] + ([answer["front_door"]] if answer["front_door"] else [])
    facts = {a["unit"]: unit_facts(net.units[a["unit"]], now, lang)
             for a in shown if a.get("unit") in net.units}
    click.echo(render_text(answer, lang, names, facts))


def render_text(answer: dict, lang: str, names: dict[str, str],
                facts: dict[str, dict] | None = None) -> str:
    """The answer as text: the 112 line, recognised worries, the age read from the
    question, the notice, the cards (a divider naming the other areas before answers
    from outside the worker's area), and the area's front door."""
    t = lambda key: _label(key, lang)  # noqa: E731
    head = []
    if answer["emergency"]:
        head.append(f"{t('urgent')}: {answer['emergency']}")
    if answer["needs"]:
        head.append(f"{t('needs')}: " + ", ".join(n["name"] for n in answer["needs"]))
    if answer.get("age_note"):  # the child's age read from the question, to check
        head.append(answer["age_note"])
    if answer["notice"]:
        head.append(answer["notice"])
    blocks = ["\n".join(head)] if head else []
    cards, divided = [], False
    for i, a in enumerate(answer["results"], 1):
        if a["section"] == "elsewhere" and not divided:
            others = ", ".join(dict.fromkeys(r["area_name"] for r in answer["results"]
                                             if r["section"] == "elsewhere"))
            cards.append(f"—— {t('elsewhere')}: {others} ——")
            divided = True
        cards.append(card(a, i, lang, names, (facts or {}).get(a.get("unit"))))
    if cards:
        blocks.append("\n\n".join(cards))
    if answer["front_door"]:
        door = answer["front_door"]
        blocks.append(f"{t('front_door')}:\n" + card(door, 1, lang, names,
                                                      (facts or {}).get(door.get("unit"))))
    if not cards and not answer["front_door"] and not answer["notice"]:
        blocks.append(t("none"))
    return "\n\n".join(blocks)


def register(group: click.Group) -> None:
    group.add_command(who_to_call_cmd)
