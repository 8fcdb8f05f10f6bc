"""The official Azure SDK for Python (azure-communication-chat) against acs-chat-mock.

Run through run.sh, which starts `acs-chat-mock serve --tls` and sets:
  MOCK_BASE_URL  https://127.0.0.1:<port>
  MOCK_CA_FILE   PEM of the CA that signed the mock's certificate
  MOCK_BIN       the acs-chat-mock binary (for `acs-chat-mock token`)
Prints one line per test and a closing `N passed, M failed`; exits 1 on failure.
"""

import datetime
import json
import os
import subprocess
import sys
import traceback

from azure.communication.chat import (
    ChatThreadClient,
    CommunicationTokenCredential,
    CommunicationUserIdentifier,
)
from azure.communication.chat._shared.models import identifier_from_raw_id
from azure.core.exceptions import HttpResponseError

BASE_URL = os.environ["MOCK_BASE_URL"]
CA_FILE = os.environ["MOCK_CA_FILE"]
MOCK_BIN = os.environ["MOCK_BIN"]

# The demo fixture, read from the mock itself (`acs-chat-mock fixture`), so
# that the users and messages tested are the ones it serves.
FIXTURE = json.loads(
    subprocess.run([MOCK_BIN, "fixture"], capture_output=True, check=True, text=True).stdout
)
THREADS = {t["id"]: t for t in FIXTURE["threads"]}
THREAD = "19:demo@thread.v2"
USERS = THREADS[THREAD]["participants"]
MESSAGES = THREADS[THREAD]["messages"]
# The demo's second thread: one participant of every identifier kind.
KINDS_THREAD = "19:every-identifier-kind@thread.v2"
KINDS_USERS = THREADS[KINDS_THREAD]["participants"]
OUTSIDER = "8:acs:00000000-0000-0000-0000-000000000001_ffffffff-ffff-ffff-ffff-ffffffffffff"


def token(user, ttl=3600):
    out = subprocess.run(
        [MOCK_BIN, "token", "--user", user, "--ttl", str(ttl)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def thread_client(user, thread_id=THREAD, **kwargs):
    return ChatThreadClient(
        endpoint=BASE_URL,
        credential=CommunicationTokenCredential(token(user)),
        thread_id=thread_id,
        connection_verify=CA_FILE,  # trust the mock's self-signed CA
        **kwargs,
    )


def test_send_then_list():
    client = thread_client(USERS[0])
    client.send_read_receipt(MESSAGES[2])
    receipts = list(client.list_read_receipts())
    mine = [r for r in receipts if r.sender.properties.get("id") == USERS[0]]
    assert len(mine) == 1, receipts
    receipt = mine[0]
    assert isinstance(receipt.sender, CommunicationUserIdentifier), receipt.sender
    assert receipt.sender.raw_id == USERS[0]
    assert receipt.chat_message_id == MESSAGES[2]
    assert isinstance(receipt.read_on, datetime.datetime)
    assert receipt.read_on.microsecond == 0
    age = datetime.datetime.now(datetime.timezone.utc) - receipt.read_on
    assert abs(age.total_seconds()) < 60, receipt.read_on


def test_older_receipt_does_not_move_back():
    client = thread_client(USERS[2])
    client.send_read_receipt(MESSAGES[3])
    client.send_read_receipt(MESSAGES[1])
    receipts = {r.sender.raw_id: r.chat_message_id for r in client.list_read_receipts()}
    assert receipts[USERS[2]] == MESSAGES[3], receipts


def test_paging_follows_next_link():
    client = thread_client(USERS[1])
    pages = [list(page) for page in client.list_read_receipts(results_per_page=1).by_page()]
    assert len(pages) >= 2, pages
    assert all(len(p) == 1 for p in pages), pages
    users = [p[0].sender.raw_id for p in pages]
    assert users == sorted(users), users
    assert len(set(users)) == len(users), users


def test_preview_api_version():
    client = thread_client(USERS[1], api_version="2024-03-15-preview")
    client.send_read_receipt(MESSAGES[3])
    receipts = list(client.list_read_receipts(results_per_page=2))
    assert any(r.chat_message_id == MESSAGES[3] for r in receipts), receipts


def plain(properties):
    """Enum members as their lower-case text: the SDK's own parser gives
    `CommunicationCloudEnvironment.PUBLIC` where its deserializer gives `public`."""
    return {k: str(getattr(v, "value", v)).lower() for k, v in properties.items()}


def test_every_identifier_kind():
    for user in KINDS_USERS:
        thread_client(user, thread_id=KINDS_THREAD).send_read_receipt(MESSAGES[1])
    client = thread_client(KINDS_USERS[7], thread_id=KINDS_THREAD)
    pages = [list(page) for page in client.list_read_receipts(results_per_page=1).by_page()]
    assert len(pages) == len(KINDS_USERS), pages
    receipts = [r for page in pages for r in page]
    by_raw_id = {r.sender.raw_id: r for r in receipts}
    assert sorted(by_raw_id) == sorted(KINDS_USERS), sorted(by_raw_id)
    for raw_id in KINDS_USERS:
        receipt = by_raw_id[raw_id]
        assert receipt.chat_message_id == MESSAGES[1], receipt
        # What the mock sends deserializes to what the library itself makes
        # of the raw id (Python 1.x knows no Teams extension users and, per
        # api-version 2024-03-07, gets them as communication users).
        expected = identifier_from_raw_id(raw_id)
        if type(expected).__name__ == "MicrosoftTeamsAppIdentifier":
            # azure-communication-chat 1.3.0's deserializer has no Teams apps:
            # it keeps them as unknown identifiers with the raw id.
            assert type(receipt.sender).__name__ in ("UnknownIdentifier",
                                                     "MicrosoftTeamsAppIdentifier"), receipt.sender
            continue
        assert type(receipt.sender) is type(expected), (raw_id, receipt.sender, expected)
        assert plain(receipt.sender.properties) == plain(expected.properties), (
            raw_id, receipt.sender.properties, expected.properties)
    kinds = {type(r.sender).__name__ for r in receipts}
    assert {"CommunicationUserIdentifier", "PhoneNumberIdentifier",
            "MicrosoftTeamsUserIdentifier"} <= kinds, kinds


def expect_error(call, status, code):
    try:
        call()
    except HttpResponseError as e:
        assert e.status_code == status, (e.status_code, str(e))
        assert code in str(e), str(e)
        return
    raise AssertionError("expected HTTP %d" % status)


def test_service_errors():
    outsider = thread_client(OUTSIDER)
    expect_error(lambda: outsider.send_read_receipt(MESSAGES[0]), 403, "Forbidden")
    expect_error(lambda: list(outsider.list_read_receipts()), 403, "Forbidden")
    unknown = thread_client(USERS[0], thread_id="19:unknown@thread.v2")
    expect_error(lambda: unknown.send_read_receipt(MESSAGES[0]), 404, "NotFound")
    member = thread_client(USERS[0])
    expect_error(lambda: member.send_read_receipt("42"), 400, "InvalidChatMessageId")
    expect_error(lambda: list(member.list_read_receipts(results_per_page=500)), 400, "InvalidParameter")


def main():
    # In definition order.
    tests = [(name, fn) for name, fn in globals().items() if name.startswith("test_")]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
        except Exception:  # pylint: disable=broad-except
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print("ok   %s" % name, flush=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
