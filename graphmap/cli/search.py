"""``graphmap who-to-call``: the front-line worker's question from the command line."""
from __future__ import annotations

import click

from .common import emit_json, format_option, get_store, store_option

YES_NO = {"fi": ("kyllä", "ei"), "sv": ("ja", "nej"), "en": ("yes", "no")}
LABELS = {
    "fi": {"role": "yhteyshenkilö", "phone": "puhelin", "email": "sähköposti",
           "direct": "perhe voi ottaa yhteyttä suoraan", "level": "tuen taso", "why": "miksi",
           "path": "polku", "none": "Ei osumia. Kokeile toista sanaa tai poista rajauksia.",
           "fallback": "Huom: Voikko ei ole käytössä; haku käyttää simplemma-varamenetelmää "
                       "(taivutus ja yhdyssanat tunnistuvat heikommin)."},
    "sv": {"role": "kontaktperson", "phone": "telefon", "email": "e-post",
           "direct": "familjen kan ta kontakt direkt", "level": "stödnivå", "why": "varför",
           "path": "väg", "none": "Inga träffar. Pröva ett annat ord eller färre villkor.",
           "fallback": "Obs: Voikko används inte; sökningen använder reservmetoden simplemma."},
    "en": {"role": "contact", "phone": "phone", "email": "e-mail",
           "direct": "family can get in touch directly", "level": "support level", "why": "why",
           "path": "path", "none": "No matches. Try another word or fewer filters.",
           "fallback": "Note: Voikko is not available; search uses the simplemma fallback "
                       "(inflection and compounds are matched less well)."},
}
LEVEL_NAMES = {
    "fi": {"universal": "yleinen tuki", "early": "varhainen tuki", "special": "erityinen tuki",
           "protection": "lastensuojelu"},
    "sv": {"universal": "allmänt stöd", "early": "tidigt stöd", "special": "särskilt stöd",
           "protection": "barnskydd"},
    "en": {"universal": "universal", "early": "early support", "special": "special support",
           "protection": "child protection"},
}


def card(answer: dict, rank: int, lang: str, names: dict[str, str] | None = None) -> str:
    """One answer as a short text card (``names``: id → name, for the path)."""
    names = names or {}
    t = LABELS[lang]
    lines = [f"{rank}. {answer['unit_name']} — {answer['organisation']} ({answer['area_name']})"]
    role = answer.get("role")
    if role:
        who = ", ".join(x for x in (role.get("title"), role.get("person")) if x)
        lines.append(f"   {t['role']}: {who}")
    ch = answer["channel"]
    if ch.get("phone"):
        lines.append(f"   {t['phone']}: {ch['phone']}")
    if ch.get("email"):
        lines.append(f"   {t['email']}: {ch['email']}")
    yes, no = YES_NO[lang]
    lines.append(f"   {t['direct']}: {yes if answer['self_referral'] else no}")
    lines.append(f"   {t['level']}: {LEVEL_NAMES[lang].get(answer['level'], answer['level'])}")
    lines.append(f"   {t['why']}: " + "; ".join(answer["why"]))
    if answer.get("path"):
        lines.append(f"   {t['path']}: " + " → ".join(names.get(n, n) for n in answer["path"]))
    return "\n".join(lines)


@click.command("who-to-call")
@click.argument("text")
@click.option("--area", help="Area id: the family's family-centre area (or a district in it).")
@click.option("--age", type=int, help="The child's age in years (0–25).")
@click.option("--from", "from_unit", help="Your own unit (or role) id, for the referral path.")
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default=None,
              help="Language of the answers, and a hint for the query (default: Finnish "
                   "answers; queries may be in fi, sv or en either way).")
@click.option("--limit", type=int, default=10, show_default=True, help="How many answers.")
@format_option
@store_option
def who_to_call_cmd(text, area, age, from_unit, lang, limit, fmt, store_url):
    """Who do I call about TEXT?  Ranked services with a named contact, the channel,
    whether the family can go directly, why, and the path from your unit."""
    from ..graph import build_graph
    from ..search import SearchError, build_index

    net = get_store(store_url).read()
    index = build_index(build_graph(net))
    if index.lemmatiser.name != "voikko":
        click.echo(LABELS[lang or "fi"]["fallback"], err=True)
    try:
        answers = index.who_to_call(text, area=area, age=age, from_unit=from_unit, lang=lang,
                                    limit=limit)
    except SearchError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{exc.param}'") from exc
    if fmt == "json":
        emit_json({"query": text, "lemmatiser": index.lemmatiser.name, "answers": answers})
        return
    if not answers:
        click.echo(LABELS[lang or "fi"]["none"])
        return
    names = {**{u.id: u.name for u in net.units.values()},
             **{r.id: r.title for r in net.roles.values()}}
    click.echo("\n\n".join(card(a, i, lang or "fi", names) for i, a in enumerate(answers, 1)))


def register(group: click.Group) -> None:
    group.add_command(who_to_call_cmd)
