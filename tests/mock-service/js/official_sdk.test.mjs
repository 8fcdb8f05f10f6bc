// The official Azure SDK for JavaScript (@azure/communication-chat, pinned in
// package.json / package-lock.json) against acs-chat-mock, unmodified.
//
// Run through run.sh, which starts `acs-chat-mock serve --tls` and sets:
//   MOCK_BASE_URL        https://127.0.0.1:<port>
//   NODE_EXTRA_CA_CERTS  PEM of the CA that signed the mock's certificate
//   MOCK_BIN             the acs-chat-mock binary (for `acs-chat-mock token`)
// Uses node's test runner; run.sh prints a closing `N passed, M failed`.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import { ChatClient } from "@azure/communication-chat";
import {
  AzureCommunicationTokenCredential,
  createIdentifierFromRawId,
  getIdentifierRawId,
} from "@azure/communication-common";

const BASE_URL = process.env.MOCK_BASE_URL;
const MOCK_BIN = process.env.MOCK_BIN;

// The demo fixture, read from the mock itself (`acs-chat-mock fixture`), so
// that the users and messages tested are the ones it serves.
const FIXTURE = JSON.parse(execFileSync(MOCK_BIN, ["fixture"], { encoding: "utf8" }));
const thread = (id) => FIXTURE.threads.find((t) => t.id === id);
const THREAD = "19:demo@thread.v2";
const USERS = thread(THREAD).participants;
const MESSAGES = thread(THREAD).messages;
const OUTSIDER = "8:acs:00000000-0000-0000-0000-000000000001_ffffffff-ffff-ffff-ffff-ffffffffffff";

// The demo's second thread: one participant of every identifier kind.
const KINDS_THREAD = "19:every-identifier-kind@thread.v2";
const KINDS_USERS = thread(KINDS_THREAD).participants;

function token(user) {
  return execFileSync(MOCK_BIN, ["token", "--user", user, "--ttl", "3600"], {
    encoding: "utf8",
  }).trim();
}

function threadClient(user, threadId = THREAD) {
  const chat = new ChatClient(BASE_URL, new AzureCommunicationTokenCredential(token(user)));
  return chat.getChatThreadClient(threadId);
}

async function collect(iter) {
  const out = [];
  for await (const item of iter) out.push(item);
  return out;
}

test("send then list (page size 1)", async () => {
  const client = threadClient(USERS[0]);
  await client.sendReadReceipt({ chatMessageId: MESSAGES[2] });
  const receipts = await collect(client.listReadReceipts({ maxPageSize: 1 }));
  const mine = receipts.filter((r) => getIdentifierRawId(r.sender) === USERS[0]);
  assert.equal(mine.length, 1, JSON.stringify(receipts));
  assert.equal(mine[0].sender.kind, "communicationUser");
  assert.equal(mine[0].sender.communicationUserId, USERS[0]);
  assert.equal(mine[0].chatMessageId, MESSAGES[2]);
  assert.ok(mine[0].readOn instanceof Date);
  assert.equal(mine[0].readOn.getMilliseconds(), 0);
  assert.ok(Math.abs(Date.now() - mine[0].readOn.getTime()) < 60_000);
});

test("an older receipt does not move back", async () => {
  const client = threadClient(USERS[2]);
  await client.sendReadReceipt({ chatMessageId: MESSAGES[3] });
  await client.sendReadReceipt({ chatMessageId: MESSAGES[1] });
  const receipts = await collect(client.listReadReceipts());
  const mine = receipts.find((r) => getIdentifierRawId(r.sender) === USERS[2]);
  assert.equal(mine.chatMessageId, MESSAGES[3]);
});

test("paging follows nextLink one receipt a page", async () => {
  const client = threadClient(USERS[1]);
  const pages = await collect(client.listReadReceipts({ maxPageSize: 1 }).byPage());
  assert.ok(pages.length >= 2, JSON.stringify(pages));
  assert.ok(pages.every((p) => p.length === 1));
  const users = pages.map((p) => getIdentifierRawId(p[0].sender));
  assert.deepEqual(users, [...users].sort());
  assert.equal(new Set(users).size, users.length);
});

test("every identifier kind: each participant sends, all list with page size 1", async () => {
  for (const user of KINDS_USERS) {
    await threadClient(user, KINDS_THREAD).sendReadReceipt({ chatMessageId: MESSAGES[1] });
  }
  // Listed by a Teams user (a non-ACS caller), one receipt a page.
  const client = threadClient(KINDS_USERS[7], KINDS_THREAD);
  const pages = await collect(client.listReadReceipts({ maxPageSize: 1 }).byPage());
  assert.equal(pages.length, KINDS_USERS.length);
  const receipts = pages.flat();
  const byRawId = new Map(receipts.map((r) => [getIdentifierRawId(r.sender), r]));
  assert.deepEqual([...byRawId.keys()].sort(), [...KINDS_USERS].sort());
  for (const raw of KINDS_USERS) {
    const r = byRawId.get(raw);
    assert.equal(r.chatMessageId, MESSAGES[1]);
    // What the service sends must deserialize to what the library itself
    // makes of the raw id.
    const expected = createIdentifierFromRawId(raw);
    assert.equal(r.sender.kind, expected.kind, raw);
    assert.notEqual(r.sender.kind, "unknown", raw);
    for (const [key, value] of Object.entries(expected)) {
      if (value !== undefined) assert.deepEqual(r.sender[key], value, `${raw}: ${key}`);
    }
  }
  const kinds = new Set(receipts.map((r) => r.sender.kind));
  assert.deepEqual(
    [...kinds].sort(),
    ["communicationUser", "microsoftTeamsApp", "microsoftTeamsUser", "phoneNumber", "teamsExtensionUser"],
  );
});

async function expectError(call, status, code) {
  await assert.rejects(call, (e) => {
    assert.equal(e.statusCode, status, String(e));
    assert.equal(e.code, code, String(e));
    return true;
  });
}

test("service errors", async () => {
  const outsider = threadClient(OUTSIDER);
  await expectError(() => outsider.sendReadReceipt({ chatMessageId: MESSAGES[0] }), 403, "Forbidden");
  await expectError(() => collect(outsider.listReadReceipts()), 403, "Forbidden");
  const unknown = threadClient(USERS[0], "19:unknown@thread.v2");
  await expectError(() => unknown.sendReadReceipt({ chatMessageId: MESSAGES[0] }), 404, "NotFound");
  const member = threadClient(USERS[0]);
  await expectError(() => member.sendReadReceipt({ chatMessageId: "42" }), 400, "InvalidChatMessageId");
  await expectError(() => collect(member.listReadReceipts({ maxPageSize: 500 })), 400, "InvalidParameter");
});
