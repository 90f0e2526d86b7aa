// Parse an .ics file the way Thunderbird does (Mozilla ical.js) and print each event's instants.
//
// Usage: node tests/js/check_ics.mjs path/to/file.ics
// Prints JSON {uid: [startUTCiso, endUTCiso, zone]} where zone is the TZID, "UTC" or "date" (all-day).
// Exits 2 on a ParserError, 3 on a floating date-time (unregistered TZID or no TZID and no Z),
// 4 on a duplicate UID, 1 on anything else. Every VTIMEZONE is registered with ICAL.TimezoneService
// first: an unregistered TZID silently becomes floating in ical.js (kewisch/ical.js #582).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(code, message) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const path = process.argv[2];
if (!path) {
  fail(1, "usage: node check_ics.mjs FILE.ics");
}

const text = readFileSync(path, "utf8");
let jcal;
try {
  jcal = ICAL.parse(text);
} catch (error) {
  fail(error instanceof ICAL.parse.ParserError || error?.name === "ParserError" ? 2 : 1, `ParserError: ${error.message}`);
}
if (Array.isArray(jcal[0])) {
  // Several top-level components: a feed must be exactly one VCALENDAR.
  fail(1, `expected one VCALENDAR, got ${jcal.length} top-level components`);
}

const calendar = new ICAL.Component(jcal);
if (calendar.name !== "vcalendar") {
  fail(1, `expected VCALENDAR, got ${calendar.name}`);
}
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

function describe(time, what, uid) {
  if (time.isDate) {
    return [time.toString(), "date"];
  }
  const tzid = time.zone ? time.zone.tzid : "floating";
  if (!time.zone || tzid === "floating") {
    fail(3, `floating ${what} in event ${uid}: ${time.toString()}`);
  }
  return [new Date(time.toUnixTime() * 1000).toISOString(), tzid];
}

const result = {};
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  const uid = event.uid;
  if (Object.hasOwn(result, uid)) {
    fail(4, `duplicate UID ${uid}`);
  }
  const [start, zone] = describe(event.startDate, "DTSTART", uid);
  const [end] = describe(event.endDate, "DTEND", uid);
  result[uid] = [start, end, zone];
}
process.stdout.write(`${JSON.stringify(result)}\n`);
