// The embedded replica (docs/replica.md) beside the official Turso sync client and the reference,
// on one primary: `tursodb --sync-server` at $LIBSQLSTORE_TEST_REMOTE_URL (started by
// tests/backends/hrana/run_tursodb_suite.sh).
//  - a libsqlstore replica's writes reach an @tursodatabase/sync replica after its pull();
//  - that client's pushed writes reach the libsqlstore replica after `call sync`;
//  - the reference (@mastra/libsql) reads the libsqlstore replica's file as an ordinary
//    database, and the replica keeps working after it.
//
//   node replica_sync.mjs --cli path/to/libsqlstore
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@tursodatabase/sync";
import { LibSQLStore } from "@mastra/libsql";

const cliAt = process.argv.indexOf("--cli");
const cli = cliAt > 0 ? process.argv[cliAt + 1] : undefined;
const primary = process.env.LIBSQLSTORE_TEST_REMOTE_URL;
if (!cli || !primary) {
  console.error("usage: LIBSQLSTORE_TEST_REMOTE_URL=http://... node replica_sync.mjs --cli PATH");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "replica-sync-"));
const replicaFile = join(dir, "cpp-replica.db");
let failures = 0;
function check(what, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : `: ${detail}`}`);
  if (!ok) failures += 1;
}

// One call of the libsqlstore tool on its replica; the answer parsed.
function call(method, params) {
  const args = ["call", "--url", `file:${replicaFile}`, "--sync-url", primary, method];
  if (params !== undefined) args.push(JSON.stringify(params));
  const out = execFileSync(cli, args, { encoding: "utf8" });
  return JSON.parse(out);
}

function thread(id, title) {
  return {
    thread: {
      id,
      resourceId: "r1",
      title,
      metadata: { from: "libsqlstore" },
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
    },
  };
}

try {
  // libsqlstore first: it creates the tables on the primary (init) and writes a thread.
  call("saveThread", thread("t-cpp", "written by libsqlstore"));
  check("libsqlstore reads its own write", call("getThreadById", { threadId: "t-cpp" })?.title === "written by libsqlstore");

  // The official client bootstraps its own replica and sees it.
  const js = await connect({ path: join(dir, "js-replica.db"), url: primary, clientName: "interop" });
  const titleOf = async (id) => {
    const rows = await (await js.prepare("SELECT title FROM mastra_threads WHERE id = ?")).all(id);
    return rows.length ? rows[0].title : undefined;
  };
  check("@tursodatabase/sync sees libsqlstore's write", (await titleOf("t-cpp")) === "written by libsqlstore");

  // It writes locally and pushes; libsqlstore pulls it.
  await js.exec(
    "INSERT INTO mastra_threads (id, resourceId, title, metadata, createdAt, updatedAt) VALUES " +
      "('t-js', 'r1', 'written by @tursodatabase/sync', '{\"from\":\"js\"}', " +
      "'2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z')",
  );
  await js.push();
  const synced = call("sync");
  check("libsqlstore's sync brings the pushed write", synced.changed === true, JSON.stringify(synced));
  const t = call("getThreadById", { threadId: "t-js" });
  check("libsqlstore reads it as a thread", t?.title === "written by @tursodatabase/sync" && t?.metadata?.from === "js", JSON.stringify(t));

  // libsqlstore writes again (messages too); the official client pulls it.
  call("saveMessages", {
    messages: [
      {
        id: "m1",
        threadId: "t-js",
        resourceId: "r1",
        role: "user",
        type: "v2",
        createdAt: "2025-01-03T00:00:00.000Z",
        content: { format: 2, parts: [{ type: "text", text: "hello from libsqlstore" }] },
      },
    ],
    format: "v2",
  });
  check("@tursodatabase/sync's pull brings it", (await js.pull()) === true);
  const rows = await (await js.prepare("SELECT content FROM mastra_messages WHERE id = 'm1'")).all();
  check("and reads the message", rows.length === 1 && JSON.parse(rows[0].content).parts[0].text === "hello from libsqlstore", JSON.stringify(rows));
  await js.close();

  // The reference reads the replica's file. It switches a file it opens to WAL, which a replica
  // refuses (REPLICA_MODIFIED), so it opens a copy, as docs/replica.md says to.
  const copy = join(dir, "copy.db");
  copyFileSync(replicaFile, copy);
  const reference = new LibSQLStore({ url: `file:${copy}` });
  const ref = await reference.getThreadById({ threadId: "t-js" });
  check("the reference reads a replica's file", ref?.title === "written by @tursodatabase/sync", JSON.stringify(ref));
  const messages = await reference.getMessages({ threadId: "t-js", format: "v2" });
  check("with its messages", messages.length === 1 && messages[0].content.parts[0].text === "hello from libsqlstore", JSON.stringify(messages));
  check("and the replica still works", call("replicaStatus")?.lastError === null);
} catch (e) {
  console.error(e);
  failures += 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(failures === 0 ? "replica interop: all checks passed" : `replica interop: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
