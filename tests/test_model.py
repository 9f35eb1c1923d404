"""Chat addresses: a user id together with the channel it came through."""

from bot.domain.model import Person, Role, chat_address, split_address


def test_an_address_names_the_platform_and_the_channel() -> None:
    assert chat_address("line") == "line" and chat_address("line", "ch1") == "line@ch1"
    assert split_address("line@ch1") == ("line", "ch1") and split_address("telegram") == (
        "telegram",
        "",
    )


def test_a_person_on_two_channels_of_one_platform_is_on_it_once() -> None:
    chats = {"line@ch1": "U1", "line": "U2", "telegram@ch2": "42", "simulator": ""}
    person = Person("p1", "org", "ก", [Role.STAFF], chat_ids=chats)
    assert person.platforms() == ["line", "telegram"]  # an empty id is nobody
    assert person.is_on("telegram") and not person.is_on("simulator")
    assert person.chat_id("line@ch1") == "U1" and person.chat_id("line@ch3") is None
