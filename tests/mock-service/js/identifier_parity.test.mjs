// Parity of acs-chat's CommunicationIdentifier with the official
// @azure/communication-common (the version pinned in package-lock.json;
// its identifier code, identifierModels.js and identifierModelSerializer.js,
// is byte for byte that of 2.5.0, the latest on npm, which the Rust doc
// comments cite).
//
// One corpus of raw ids and wire models goes to both: to the JavaScript
// functions createIdentifierFromRawId, getIdentifierKind,
// getIdentifierRawId, serializeCommunicationIdentifier and
// deserializeCommunicationIdentifier, and to the Rust example
// `identifier_corpus` (IDENTIFIER_CORPUS_BIN, built by run.sh). Every answer
// must be the same, except the deviations the Rust docs name (a missing
// isAnonymous / cloud / rawId beside a nested model is accepted, where the
// JavaScript deserializer throws).
//
// Needs MOCK_BIN (the fixture's raw ids come from `acs-chat-mock fixture`).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import {
  createIdentifierFromRawId,
  deserializeCommunicationIdentifier,
  getIdentifierKind,
  getIdentifierRawId,
  serializeCommunicationIdentifier,
} from "@azure/communication-common";

const BIN = process.env.IDENTIFIER_CORPUS_BIN;
const MOCK_BIN = process.env.MOCK_BIN;
assert.ok(BIN, "IDENTIFIER_CORPUS_BIN is not set (run through run.sh)");
assert.ok(MOCK_BIN, "MOCK_BIN is not set (run through run.sh)");

const NESTED = [
  "communicationUser",
  "phoneNumber",
  "microsoftTeamsUser",
  "microsoftTeamsApp",
  "teamsExtensionUser",
];

// --- the corpus -------------------------------------------------------------

const fixture = JSON.parse(execFileSync(MOCK_BIN, ["fixture"], { encoding: "utf8" }));
const FIXTURE_IDS = fixture.threads.flatMap((t) => t.participants);

const PREFIXES = [
  "8:acs:", "8:spool:", "8:dod-acs:", "8:gcch-acs:", "4:", "8:orgid:", "8:dod:", "8:gcch:",
  "8:teamsvisitor:", "28:orgid:", "28:dod:", "28:gcch:", "28:dod-global:", "28:gcch-global:",
  "8:ACS:", "8:", "28:", "8:acs", "9:acs:", "", ":", "::", " 8:acs:",
];
const SUFFIXES = [
  "", "x", "a_b", "a_b_c", "a_b_c_d", "_", "__", "___", "a:b", "x_", "_x", "anonymous",
  "anonymous_x", "+14255550123", "+14255550123_abc", "+1_", "ü_é_ñ", "a b_c d_e f",
  "00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-0000000000e1_00000000-0000-0000-0000-0000000000e2",
];

// Deterministic pseudo-random strings over the grammar's own characters.
function* randomStrings(n, seed) {
  const alphabet = "48:2_acsorgidtmvep-+ü";
  let s = seed;
  for (let i = 0; i < n; i++) {
    let out = "";
    s = (s * 1103515245 + 12345) >>> 0;
    const len = s % 24;
    for (let j = 0; j < len; j++) {
      s = (s * 1103515245 + 12345) >>> 0;
      out += alphabet[(s >>> 8) % alphabet.length];
    }
    yield out;
  }
}

const RAW_IDS = [
  ...new Set([
    ...FIXTURE_IDS,
    ...PREFIXES.flatMap((p) => SUFFIXES.map((s) => p + s)),
    ...randomStrings(600, 13),
  ]),
];

const json = (v) => JSON.parse(JSON.stringify(v));
const serialized = (raw) => json(serializeCommunicationIdentifier(createIdentifierFromRawId(raw)));

// Wire models: each raw id's own model, then variations of it.
function modelsOf(raw, other) {
  const base = serialized(raw);
  const nested = NESTED.find((k) => base[k]);
  const out = [base];
  const kind = getIdentifierKind(createIdentifierFromRawId(raw)).kind;
  out.push({ ...base, kind });
  out.push({ ...base, kind: "unknown" });
  out.push({ ...base, kind: "somethingNew" });
  out.push({ ...base, kind: kind === "phoneNumber" ? "communicationUser" : "phoneNumber" });
  out.push({ ...base, rawId: "custom:raw:id" });
  out.push({ rawId: base.rawId });
  out.push({ rawId: base.rawId, kind });
  if (nested) {
    const { rawId, ...withoutRaw } = base;
    out.push(withoutRaw);
    for (const field of ["isAnonymous", "cloud"]) {
      if (field in base[nested]) {
        const { [field]: _, ...rest } = base[nested];
        out.push({ ...base, [nested]: rest });
      }
    }
    if ("cloud" in base[nested]) out.push({ ...base, [nested]: { ...base[nested], cloud: "mooncake" } });
    const otherNested = NESTED.find((k) => other[k] && k !== nested);
    if (otherNested) out.push({ ...base, [otherNested]: other[otherNested] });
  }
  return out;
}

const SAMPLE = [...FIXTURE_IDS, ...PREFIXES.map((p) => p + "a_b_c"), ...PREFIXES.map((p) => p + "x")];
const MODELS = SAMPLE.flatMap((raw, i) => modelsOf(raw, serialized(SAMPLE[(i + 3) % SAMPLE.length])));
MODELS.push({});
MODELS.push({ kind: "communicationUser" });

const rust = JSON.parse(
  execFileSync(BIN, [], {
    input: JSON.stringify({ rawIds: RAW_IDS, models: MODELS }),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  }),
);

// --- the JavaScript side ------------------------------------------------------

const describe = (id) => ({
  kind: getIdentifierKind(id).kind,
  rawId: getIdentifierRawId(id),
  serialized: json(serializeCommunicationIdentifier(id)),
});

function jsModel(model) {
  try {
    return describe(deserializeCommunicationIdentifier(model));
  } catch (e) {
    return { error: e.message };
  }
}

// The model with what the Rust side defaults (spec: "treated as false when
// missing"; cloud public) filled in, and a missing rawId computed.
function jsModelWithDefaults(model) {
  const filled = { ...model };
  const nested = NESTED.find((k) => model[k]);
  if (nested === "microsoftTeamsUser") filled[nested] = { isAnonymous: false, ...model[nested] };
  if (nested && nested !== "communicationUser" && nested !== "phoneNumber")
    filled[nested] = { cloud: "public", ...filled[nested] };
  if (filled.rawId === undefined) filled.rawId = "placeholder";
  const id = deserializeCommunicationIdentifier(filled);
  if (model.rawId === undefined) delete id.rawId;
  return describe(id);
}

// --- the tests --------------------------------------------------------------

test(`raw ids: kind, raw id and request model as createIdentifierFromRawId (${RAW_IDS.length} ids)`, () => {
  assert.equal(rust.rawIds.length, RAW_IDS.length);
  RAW_IDS.forEach((raw, i) => {
    const js = describe(createIdentifierFromRawId(raw));
    assert.deepEqual(rust.rawIds[i], js, `raw id ${JSON.stringify(raw)}`);
    assert.equal(js.rawId, raw, `the JavaScript round trip of ${JSON.stringify(raw)}`);
  });
});

test("raw ids: the corpus reaches every kind and every known prefix", () => {
  const kinds = new Set(rust.rawIds.map((r) => r.kind));
  assert.deepEqual([...kinds].sort(), [...NESTED, "unknown"].sort());
  for (const prefix of PREFIXES.slice(0, 12)) {
    assert.ok(RAW_IDS.some((r) => r.startsWith(prefix)), prefix);
  }
});

test(`wire models: as deserializeCommunicationIdentifier (${MODELS.length} models)`, () => {
  assert.equal(rust.models.length, MODELS.length);
  let same = 0;
  let deviations = 0;
  let refused = 0;
  MODELS.forEach((model, i) => {
    const r = rust.models[i];
    const what = `model ${JSON.stringify(model)}`;
    assert.ok(!("decodeError" in r), `${what}: ${r.decodeError}`);
    const js = jsModel(model);
    if (!("error" in js)) {
      assert.deepEqual(r.strict, js, what);
      assert.deepEqual(r.lenient, js, what);
      same++;
    } else if (/^Property (isAnonymous|cloud|rawId) is required for identifier of type (phoneNumber|microsoftTeamsUser|microsoftTeamsApp|teamsExtensionUser)\.$/.test(js.error)) {
      // The documented leniency: accepted, with the defaults.
      const expected = jsModelWithDefaults(model);
      assert.deepEqual(r.strict, expected, what);
      assert.deepEqual(r.lenient, expected, what);
      deviations++;
    } else {
      // Both refuse (two nested models; nothing to identify).
      assert.ok("error" in r.strict, `${what}: JavaScript threw ${js.error}, Rust gave ${JSON.stringify(r.strict)}`);
      refused++;
    }
  });
  assert.ok(same > 100 && deviations > 10 && refused > 10, `${same} same, ${deviations} deviations, ${refused} refused`);
});

test("wire models: with two nested models, the lenient conversion keeps the first the SDKs would", () => {
  MODELS.forEach((model, i) => {
    const present = NESTED.filter((k) => model[k] !== undefined);
    if (present.length < 2) return;
    const kind = model.kind ?? present[0];
    const single = { ...model };
    for (const k of NESTED) if (k !== kind) delete single[k];
    const js = jsModel(single);
    if (!("error" in js)) assert.deepEqual(rust.models[i].lenient, js, JSON.stringify(model));
  });
});
