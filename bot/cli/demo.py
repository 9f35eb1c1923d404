"""`python -m bot demo`: load the demo organisation without starting the server."""

from __future__ import annotations

import argparse

from bot.app.config import Config
from bot.cli.base import open_store
from bot.texts import t


def cmd_demo(args: argparse.Namespace, config: Config) -> int:
    """Load the demo organisation (again, with --reset) and say how to talk to it."""
    from bot.demo import DEMO_ORG, demo_people, load_demo
    from bot.store.channels import channel_store

    with open_store(config) as store:
        channels = channel_store(config, store)
        loaded = load_demo(store, reset=args.reset, province=True, channels=channels)
        people = store.people(DEMO_ORG)
        measures = len(store.measures(DEMO_ORG))
    if loaded is None:
        print(t("cli.demo_exists", org=DEMO_ORG))
    else:
        print(t("cli.demo_loaded", org=DEMO_ORG, measures=measures, people=len(people)))
    ids = {p.id for p in demo_people(DEMO_ORG)}
    for person in people:
        if person.id in ids:
            print(f"  {person.id}\t{person.name}")
    from bot.demo.province import TAMBON_ORG, province_viewer, tambon_org

    print(t("cli.demo_province", org=TAMBON_ORG, name=tambon_org().name,
            province=tambon_org().province, viewer=province_viewer().id))  # fmt: skip
    print(t("cli.demo_try", org=DEMO_ORG))
    return 0
