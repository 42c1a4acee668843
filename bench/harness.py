#!/usr/bin/env python3
"""Plinth's benchmark: Plinth against a hand-written Javalin + JDBC reference, on the CRM workload.

Run through bench/run (which installs wrk and builds the jar first); see docs/benchmarks.md.

For each database (SQLite, PostgreSQL) the harness
  1. generates the CRM workload deterministically with bench/seed.py of the test corpus (imported, so the
     smoke profile can ask for fewer rows; the generator and the values are the shared ones),
  2. starts `plinth serve bench/crm-unscoped.prisma` and bench/reference/ReferenceServer.java, each on
     its own copy of the same seeded database, both pinned to CPU 0 with the same JVM flags and pools,
     and (unless --no-prisma) the Node + Prisma 7 server of bench/prisma, npm-installed and built into
     target/bench/prisma, pinned and pooled alike,
  3. checks that both answer every operation, and answer the reads the same way,
  4. drives each operation with wrk pinned to CPU 1 (32 connections over 127.0.0.1): a warm-up per
     server, then measured rounds in ABBA order (Plinth, reference, reference, Plinth — alternating
     which goes first from one operation to the next), so slow drift of a shared machine falls on both,
  5. restarts both with -Xmx128m for the memory runs (10,000-row pages under load, a full export),
  6. times start-up to the first served request for the CRM and for the largest real schema,
  7. prints the results and writes them to docs/benchmarks.md (or --out).

Every wait is bounded (a deadline per server start, a subprocess timeout per wrk run, a step cap per
cursor walk) and every request goes to 127.0.0.1.
"""
import argparse
import dataclasses
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / "target" / "bench"
LUA = BENCH / "wrk"
SCHEMA = BENCH / "crm-unscoped.prisma"
SEARCH_SCHEMA = BENCH / "crm-search.prisma"  # SCHEMA plus @@fulltext([name, email]), for the q= operation
SEARCH_WORD = "lovelace"  # a last name of the seed: about one contact in 30 (3,300 of 100,000)
REFERENCE_SOURCE = BENCH / "reference" / "ReferenceServer.java"
PRISMA_SOURCE = BENCH / "prisma"  # the Node + Prisma 7 server: package.json, package-lock.json, server.mjs
PRISMA_WORK = WORK / "prisma"     # where the harness installs its npm packages and builds it, per database
PRISMA_TARGET = 3.0               # minimum Plinth ÷ Prisma req/s ratio, every operation
LAUNCHER = ROOT / "plinth"
CLASS_CACHE_WAIT_S = 180  # longest wait for the launcher to build its class cache
DOC = ROOT / "docs" / "benchmarks.md"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432"
# The harness's PostgreSQL databases are named plinth_bench_*; BENCH_PG_PREFIX gives them another prefix, so that
# two runs on one PostgreSQL server (two checkouts) do not drop each other's databases.
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "plinth_bench")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,30}", PG_PREFIX):
    raise SystemExit(f"BENCH_PG_PREFIX must be a lower-case SQL name of at most 31 characters, not {PG_PREFIX!r}")
PG_SEED_DB = f"{PG_PREFIX}_seed"
CONNECTIONS = 32
# The same for both servers. sqlite-jdbc loads a native library; the flag keeps the JDK from warning.
JVM_FLAGS = ("--enable-native-access=ALL-UNNAMED", "-Xmx1g")
HOST = "127.0.0.1"


@dataclasses.dataclass(frozen=True)
class Profile:
    """How big and how long: the full benchmark, or the smoke check CI can afford."""
    name: str
    contacts: int
    companies: int
    warmup_s: int          # wrk warm-up per server and operation; 0 = none
    round_s: int           # one measured wrk round
    rounds: int            # measured rounds per server (ABBA order when 2)
    deep_offset: int       # rows skipped for list-deep-offset / list-deep-keyset
    flat_depth: int        # rows skipped for the keyset flatness pages
    memory_page: int       # rows per page in the memory run
    memory_s: int          # wrk duration of the memory run
    startup_runs: int      # starts per start-up measurement
    startup_all: bool = True  # False: Plinth's first starts only (no reference, no restart), to keep smoke short
    floor_statements: int = 300  # 100-row inserts per round when measuring the database alone


FULL = Profile("full", 100_000, 1_000, warmup_s=5, round_s=5, rounds=2, deep_offset=9_950,
               flat_depth=99_000, memory_page=10_000, memory_s=10, startup_runs=3)
SMOKE = Profile("smoke", 10_000, 100, warmup_s=0, round_s=1, rounds=1, deep_offset=9_950,
                flat_depth=9_000, memory_page=10_000, memory_s=1, startup_runs=1, startup_all=False,
                floor_statements=10)

# Each phase and server gets its own copy of the pristine database. Two processes cannot share a SQLite
# file for writing here: a writer connection in sqlite-jdbc's manual-commit mode with IMMEDIATE
# transactions (the reference's; Plinth's was so before docs/benchmarks.md's finding 1) begins the next
# transaction as soon as it commits, so it holds SQLite's write lock for its whole life and any other
# process's write waits out busy_timeout.
# Connection pools as Plinth's ServedApi sizes them (SQLITE_READERS, POSTGRES_POOL); the reference gets the same.
# The servers are pinned to one CPU, so the JVM sees one processor and Plinth's PostgreSQL pool is
# ServedApi.postgresPoolSize(1) = max(5, 1 × 2 + 1).
PINNED_CPUS = 1
POOL_SIZE = {"sqlite": 8, "postgres": max(5, PINNED_CPUS * 2 + 1)}

PHASE_DATABASES = ("run-plinth", "run-reference", "memory-plinth", "memory-reference", "startup", "floor",
                   "search-plinth", "search-reference", "run-prisma", "memory-prisma", "search-prisma")

INCLUDE_PATH = "/api/contacts?include=company&status=lead&orderBy=created_at:desc&per_page=20"
COUNT_ONLY_PATH = "/api/contacts?status=won&count=true&per_page=0"
# A low-selectivity indexed filter (a fifth of the contacts) with the default order, and a selective one whose
# index delivers that order: the first must reach LOWSEL_TARGET × the second's rate in the same run.
LOWSEL_PATH = "/api/contacts?status=won&per_page=1"
COMPANY1_PATH = "/api/contacts?company_id=5&per_page=1"
LOWSEL_TARGET = 0.5
SEARCH_PATH = f"/api/contacts?q={SEARCH_WORD}&per_page=20"
SEARCH_ORDERED_PATH = f"/api/contacts?q={SEARCH_WORD}&orderBy=created_at:desc&per_page=20"
NESTED_PATH = "/api/companies/5/contacts?per_page=20"  # Plinth's nested route, default order
# A filter across the to-one relation: 82 of the seed's 1,000 companies are in finance, 7,314 of 100,000 contacts match.
RELATION_PATH = "/api/contacts?company.industry=finance&per_page=20"
BATCH_OPS = 10  # operations per POST /api/batch: 5 PATCHes and 5 POSTs, interleaved

EXPORT_PATH = "/api/contacts?per_page=all"
EXPORT_CONNECTIONS = 1  # one export at a time: 4 at once took near wrk's 10 s timeout on a loaded machine
SLOW_READERS = 32  # slow export readers connected during get-slow-exports
SLOW_READ_BYTES = 1024  # what each slow reader reads a second
SLOW_READERS_WAIT_S = 20  # longest wait for the slow readers' first bytes before measuring
PAGE = 50  # rows per page of the deep pages (page=200&per_page=50 is offset 9,950)
BATCH = 100  # rows per bulk create


class BenchError(Exception):
    """The harness cannot go on (a server did not start, an operation failed its check)."""


# ---------------------------------------------------------------------------------------------- shell

def log(msg):
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def run(cmd, timeout=600, check=True, env=None, capture=True, cwd=None):
    r = subprocess.run(cmd, timeout=timeout, env=env, text=True, cwd=cwd,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    if check and r.returncode != 0:
        raise BenchError(f"{' '.join(map(str, cmd))} failed ({r.returncode}): {(r.stderr or '')[-2000:]}")
    return r


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pin(cpu):
    """taskset prefix for a CPU, or nothing on a one-core machine (then nothing can be separated)."""
    if os.cpu_count() and os.cpu_count() >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", str(cpu)]
    return []


# ---------------------------------------------------------------------------------------------- HTTP

@dataclasses.dataclass
class Answer:
    status: int
    body: bytes
    headers: dict

    def json(self):
        return json.loads(self.body)


def http(method, url, body=None, timeout=30):
    assert url.startswith(f"http://{HOST}:"), url  # traffic stays on the loopback
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Answer(r.status, r.read(), dict(r.headers))
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.read(), dict(e.headers))


# ---------------------------------------------------------------------------------------------- data

def load_seed_module(shared):
    path = shared / "bench" / "seed.py"
    if not path.exists():
        raise BenchError(f"{path} not found: ../shared must sit beside the project (or set PLINTH_SHARED)")
    spec = importlib.util.spec_from_file_location("crm_seed", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(shared, profile):
    """The CRM rows (as seed.py generates them), at the profile's size, contacts.user_id in owner_id."""
    seed = load_seed_module(shared)
    seed.N_CONTACTS = profile.contacts
    seed.N_COMPANIES = profile.companies
    seed.USER_COLUMN = "owner_id"  # crm-unscoped.prisma: user_id is stored as owner_id
    companies, contacts = seed.generate()
    return seed, companies, contacts


def prepare_sqlite(seed, companies, contacts, data_dir):
    """Writes the pristine SQLite database (ISO-8601 text DateTimes, as Plinth writes them)."""
    path = data_dir / "crm-pristine.db"
    seed.write_db(str(path), companies, contacts, "iso", True)
    return path


def sqlite_copy(pristine, name):
    target = pristine.with_name(name)
    for ext in ("", "-wal", "-shm", "-journal"):
        p = Path(str(target) + ext)
        if p.exists():
            p.unlink()
    shutil.copyfile(pristine, target)
    return target


def psql(database, *args, timeout=600):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", f"{PG_ADMIN_URL}/{database}", *args], timeout=timeout)


def pg_recreate(name, template=None):
    """Drops and creates database `name` (its plinth_bench prefix replaced by PG_PREFIX), optionally copied from
    `template` (a name as returned by prepare_postgres); returns its URL."""
    if name.startswith("plinth_bench_"):
        name = PG_PREFIX + name[len("plinth_bench"):]
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql("postgres", "-c", f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{PG_ADMIN_URL}/{name}"


def prepare_postgres(seed, companies, contacts, data_dir):
    """Loads the workload into a fresh seed database; runs copy it (CREATE DATABASE … TEMPLATE)."""
    script = data_dir / "crm-postgres.sql"
    seed.write_sql(str(script), companies, contacts, "iso", "postgres")
    pg_recreate("plinth_bench_seed")  # PG_SEED_DB, named by pg_recreate's rule
    psql(PG_SEED_DB, "-f", str(script))
    return PG_SEED_DB


# ---------------------------------------------------------------------------------------------- servers

class Server:
    """A server process this harness started (and alone stops), pinned to CPU 0."""

    def __init__(self, name, argv, port, log_path, env=None):
        self.name, self.argv, self.port, self.log_path, self.env = name, argv, port, log_path, env
        self.proc = None
        self.started_at = None

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def start(self, ready_path, timeout_s=120, accept_any_status=False):
        """Starts the process; returns seconds from spawn to the first answer on ready_path."""
        self.log_file = open(self.log_path, "ab")
        self.log_file.write(f"\n=== {dt.datetime.now().isoformat()} {' '.join(self.argv)}\n".encode())
        self.log_file.flush()
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdout=self.log_file, stderr=subprocess.STDOUT, env=self.env,
                                     start_new_session=True)
        deadline = self.started_at + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} exited with {self.proc.returncode} before serving; "
                                 f"see {self.log_path}:\n{self.tail()}")
            try:
                a = http("GET", self.base + ready_path, timeout=2)
                if a.status == 200 or (accept_any_status and a.status < 500):
                    self.ready_status = a.status
                    return time.monotonic() - self.started_at
            except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
                pass
            time.sleep(0.01)
        self.stop()
        raise BenchError(f"{self.name} did not answer {ready_path} within {timeout_s}s; see {self.log_path}")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def memory(self):
        """Peak and current resident memory in MiB, from /proc/PID/status (VmHWM, VmRSS)."""
        out = {}
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    out[key] = int(value.split()[0]) / 1024
        except OSError:
            pass
        return out

    def tail(self, lines=15):
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
        self.log_file.close()


RUNNING = []  # servers to stop if the harness is interrupted


def stop_all():
    for s in list(RUNNING):
        try:
            s.stop()
        except Exception as e:  # keep stopping the others
            log(f"stopping {s.name}: {e}")
        RUNNING.remove(s)


@dataclasses.dataclass(frozen=True)
class Launch:
    """How to start each server: the JDK, the jar, the compiled reference, the common JVM flags."""
    java: str
    jar: Path
    reference_classes: Path
    jvm_flags: tuple
    prisma_js: dict = None  # {db: built server.js} of the Node + Prisma server, None when it is not run

    def plinth(self, schema, database_url, port, log_path, heap=None, extra=(), options=(), name="plinth"):
        flags = list(self.jvm_flags) + ([f"-Xmx{heap}"] if heap else []) + list(extra)
        argv = pin(0) + [self.java, *flags, "-jar", str(self.jar), "serve", str(schema),
                         "--database-url", database_url, "--host", HOST, "--port", str(port), *options]
        return Server(name, argv, port, log_path)

    def launched(self, schema, database_url, port, log_path):
        """Plinth as a user starts it: `./plinth serve`, pinned like the others, with the launcher's class cache
        (docs/benchmarks.md, "Start-up"). The launcher picks the same JDK (JAVA_HOME) and gets the same heap."""
        heap = next((f for f in self.jvm_flags if f.startswith("-Xmx")), "")
        env = dict(os.environ, JAVA_HOME=str(Path(self.java).parent.parent), PLINTH_JAVA_OPTS=heap)
        argv = pin(0) + [str(LAUNCHER), "serve", str(schema), "--database-url", database_url, "--host", HOST,
                         "--port", str(port)]
        return Server("plinth", argv, port, log_path, env=env)

    def reference(self, database_url, port, log_path, heap=None):
        flags = list(self.jvm_flags) + ([f"-Xmx{heap}"] if heap else [])
        pool = POOL_SIZE["postgres" if database_url.startswith("postgres") else "sqlite"]
        argv = pin(0) + [self.java, *flags, "-cp", f"{self.reference_classes}{os.pathsep}{self.jar}",
                         "ReferenceServer", "--database-url", database_url, "--port", str(port),
                         "--pool-size", str(pool)]
        return Server("reference", argv, port, log_path)


    def prisma(self, database_url, port, log_path, heap=None):
        """The Node + Prisma server for the database of database_url (prisma_js: {db: server.js}), pinned like the
        others, its PostgreSQL pool the reference's size; heap caps V8's old space as -Xmx does the JVMs'."""
        db = "postgres" if database_url.startswith("postgres") else "sqlite"
        flags = [f"--max-old-space-size={heap.rstrip('m')}"] if heap else []
        argv = pin(0) + ["node", *flags, str(self.prisma_js[db]), "--database-url", database_url,
                         "--port", str(port), "--pool-size", str(POOL_SIZE[db])]
        return Server("prisma", argv, port, log_path)

    def insert_floor(self, database_url, statements, write="insert"):
        """The database alone under the bulk statements, pinned like a server: ReferenceServer --insert-floor
        (bulk create) or, with write="update", --update-floor (bulk update)."""
        argv = pin(0) + [self.java, *self.jvm_flags, "-cp", f"{self.reference_classes}{os.pathsep}{self.jar}",
                         "ReferenceServer", "--database-url", database_url, f"--{write}-floor", str(statements)]
        out = run(argv, timeout=300).stdout.strip().splitlines()
        return json.loads(out[-1])


def compile_reference(java_home):
    out = WORK / "reference-classes"
    stamp = out / "ReferenceServer.class"
    jar = ROOT / "target" / "plinth.jar"
    if stamp.exists() and stamp.stat().st_mtime > max(REFERENCE_SOURCE.stat().st_mtime, jar.stat().st_mtime):
        return out
    out.mkdir(parents=True, exist_ok=True)
    run([str(Path(java_home) / "bin" / "javac"), "-nowarn", "-cp", str(jar), "-d", str(out),
         str(REFERENCE_SOURCE)], timeout=300)
    return out


# ---------------------------------------------------------------------------------------------- Node + Prisma

def prisma_schema(schema_text, db):
    """The Prisma schema of the Node + Prisma server, from crm-unscoped.prisma's text: the datasource's provider
    for the database, and `user_id … @map("owner_id")` renamed to owner_id so that its JSON keys are Plinth's."""
    provider_name = "sqlite" if db == "sqlite" else "postgresql"
    text, n = re.subn(r'(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"\w+"', rf'\1"{provider_name}"', schema_text,
                      count=1, flags=re.S)
    text, m = re.subn(r'^(\s*)user_id(\s+Int\s+)@map\("owner_id"\)', r"\1owner_id\2", text, count=1, flags=re.M)
    if n != 1 or m != 1:
        raise BenchError("crm-unscoped.prisma no longer has the datasource or the user_id field the Prisma server expects")
    return text


def prisma_tools_missing():
    """What keeps the Node + Prisma server from being built here (node or npm not on PATH), or None."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not installed" if missing else None


def prisma_install():
    """`npm ci` of bench/prisma's lock file into PRISMA_WORK, skipped when that lock is already installed there."""
    PRISMA_WORK.mkdir(parents=True, exist_ok=True)
    lock = (PRISMA_SOURCE / "package-lock.json").read_text()
    stamp = PRISMA_WORK / "installed-lock.json"
    if stamp.exists() and stamp.read_text() == lock and (PRISMA_WORK / "node_modules").is_dir():
        return
    log("Node + Prisma: npm ci (the first time takes a few minutes: better-sqlite3 is compiled) …")
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PRISMA_SOURCE / name, PRISMA_WORK / name)
    run(["npm", "ci", "--no-audit", "--no-fund"], timeout=1200, cwd=PRISMA_WORK)
    stamp.write_text(lock)


def prisma_build(db):
    """The Prisma server for a database, ready to run: its schema, `prisma generate` (whose TypeScript client is
    per provider) and server.mjs bundled with that client by esbuild; returns the path of server.js."""
    prisma_install()
    out = PRISMA_WORK / db
    out.mkdir(parents=True, exist_ok=True)
    server = out / "server.js"
    schema = prisma_schema(SCHEMA.read_text(), db)
    sources = schema + (PRISMA_SOURCE / "server.mjs").read_text() + (PRISMA_SOURCE / "package-lock.json").read_text()
    stamp = out / "built-from.txt"
    if server.exists() and stamp.exists() and stamp.read_text() == sources:
        return server
    (out / "schema.prisma").write_text(schema)
    shutil.copyfile(PRISMA_SOURCE / "server.mjs", out / "server.mjs")
    bin_dir = PRISMA_WORK / "node_modules" / ".bin"
    # generate needs no schema engine; without this it tries to download one (there is no network here)
    env = dict(os.environ, PRISMA_SCHEMA_ENGINE_BINARY="/bin/false", PRISMA_HIDE_UPDATE_MESSAGE="1")
    run([str(bin_dir / "prisma"), "generate", "--schema", str(out / "schema.prisma")], timeout=300, env=env, cwd=out)
    # Node 20 runs no TypeScript: the generated client is bundled into one JavaScript file, npm packages left outside
    run([str(bin_dir / "esbuild"), str(out / "server.mjs"), "--bundle", "--platform=node", "--format=esm",
         "--packages=external", f"--outfile={server}", "--log-level=warning"], timeout=300, cwd=out)
    stamp.write_text(sources)
    return server


def prisma_versions():
    """The pinned versions of the Prisma server's packages (bench/prisma/package.json) and Node's."""
    deps = json.loads((PRISMA_SOURCE / "package.json").read_text())["dependencies"]
    r = run(["node", "--version"], check=False) if shutil.which("node") else None
    return {"node": (r.stdout or "").strip() if r else "none", **{k: deps[k] for k in
            ("prisma", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "better-sqlite3", "pg")}}


def prisma_ratio(row):
    """Plinth ÷ Prisma req/s of one operation's results ({"plinth": …, "prisma": …}), or None without both."""
    p, n = row.get("plinth"), row.get("prisma")
    return p["rps"] / n["rps"] if p and n and n["rps"] else None


def round_schedule(servers, op_index, rounds):
    """The order of the measured rounds of one operation: the servers rotated so that each goes first in turn from
    one operation to the next, then mirrored round by round (A B C, C B A, …). With two rounds every server's mean
    position is the same, so a drift of the shared machine that is linear in time falls on each alike."""
    k = op_index % len(servers)
    order = list(servers[k:]) + list(servers[:k])
    schedule = []
    for r in range(rounds):
        schedule += order if r % 2 == 0 else list(reversed(order))
    return order, schedule


# ---------------------------------------------------------------------------------------------- wrk

@dataclasses.dataclass
class Measure:
    requests: int = 0
    seconds: float = 0.0
    p50: list = dataclasses.field(default_factory=list)  # ms, one per round
    p99: list = dataclasses.field(default_factory=list)
    non2xx: int = 0
    socket_errors: int = 0

    def add(self, raw):
        self.requests += raw["requests"]
        self.seconds += raw["duration_us"] / 1e6
        self.p50.append(raw["p50_us"] / 1000)
        self.p99.append(raw["p99_us"] / 1000)
        e = raw["errors"]
        self.non2xx += e["status"]
        self.socket_errors += e["connect"] + e["read"] + e["write"] + e["timeout"]

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self):
        return {"requests": self.requests, "seconds": round(self.seconds, 3), "rps": round(self.rps, 1),
                "p50_ms": round(statistics.mean(self.p50), 2) if self.p50 else None,
                "p99_ms": round(statistics.mean(self.p99), 2) if self.p99 else None,
                "non2xx": self.non2xx, "socket_errors": self.socket_errors}


def wrk(url, script, seconds, env_extra, connections=CONNECTIONS):
    """One wrk run pinned to CPU 1; returns the figures common.lua's done() wrote."""
    assert url.startswith(f"http://{HOST}:"), url
    out = WORK / "wrk-last.json"
    if out.exists():
        out.unlink()
    env = dict(os.environ, BENCH_LUA=str(LUA), BENCH_OUT=str(out), **{k: str(v) for k, v in env_extra.items()})
    cmd = pin(1) + ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                    "-s", str(LUA / script), url]
    r = run(cmd, timeout=seconds + 60, env=env, check=False)
    if r.returncode != 0 or not out.exists():
        raise BenchError(f"wrk failed on {url}: {r.stderr[-1000:]}")
    return json.loads(out.read_text())


# ---------------------------------------------------------------------------------------------- operations

@dataclasses.dataclass(frozen=True)
class Operation:
    """One measured operation. path/env are functions of the server's run state (cursors are per server)."""
    name: str
    what: str
    script: str
    path: object           # callable(state) -> path (with query)
    env: object = None     # callable(state) -> dict of BENCH_* variables
    target: float = None   # minimum Plinth/reference req/s ratio, or None when only reported
    rows_per_request: int = 1
    phase: str = "main"    # "search": measured on the search variant of the schema (SEARCH_SCHEMA)
    connections: int = CONNECTIONS  # wrk's connections
    slow_readers: int = 0  # exports held open by slow readers while wrk runs (SlowReaders)


def operations(profile):
    contacts = profile.contacts
    deep_page = profile.deep_offset // PAGE + 1
    flat_page = profile.flat_depth // PAGE + 1

    def by_id(state):
        return {"BENCH_PREFIX": "/api/contacts/", "BENCH_MAX_ID": contacts, "BENCH_COMPANIES": profile.companies}

    def writes(state):
        return by_id(state)

    return [
        Operation("get-by-id", "GET /api/contacts/{random id}", "get.lua", lambda s: "/api/contacts/1", by_id, 0.80),
        Operation("list-filter", "GET ?status=lead&orderBy=created_at:desc&per_page=20", "path.lua",
                  lambda s: "/api/contacts?status=lead&orderBy=created_at:desc&per_page=20", None, 0.80),
        Operation("list-deep-offset", f"GET ?page={deep_page}&per_page={PAGE} (offset {profile.deep_offset:,})",
                  "path.lua", lambda s: f"/api/contacts?page={deep_page}&per_page={PAGE}", None, 0.80),
        Operation("list-deep-keyset", f"GET ?cursor=…&limit={PAGE} (the same depth by cursor)", "path.lua",
                  lambda s: s["keyset_deep"], None, 0.80),
        Operation("list-lowsel", "GET ?status=won&per_page=1 (a fifth of the rows match, default order)", "path.lua",
                  lambda s: LOWSEL_PATH, None, 0.80),
        Operation("list-company1", "GET ?company_id=5&per_page=1 (100 rows match, their index gives the order)",
                  "path.lua", lambda s: COMPANY1_PATH, None, 0.80),
        Operation("count", "GET ?status=won&count=true", "path.lua",
                  lambda s: "/api/contacts?status=won&count=true", None, 0.80),
        Operation("count-only", "GET ?status=won&count=true&per_page=0 (the total alone)", "path.lua",
                  lambda s: COUNT_ONLY_PATH, None, 0.80),
        Operation("include-company", "GET ?include=company&status=lead&orderBy=created_at:desc&per_page=20",
                  "path.lua", lambda s: INCLUDE_PATH, None, 0.80),
        Operation("nested-route", "GET /api/companies/5/contacts?per_page=20 (nested route, default order)",
                  "path.lua", lambda s: NESTED_PATH, None, 0.80),
        Operation("relation-filter", "GET ?company.industry=finance&per_page=20 (filter across the to-one relation)",
                  "path.lua", lambda s: RELATION_PATH, None, 0.80),
        Operation("search", f"GET ?q={SEARCH_WORD}&per_page=20 (ranked by relevance)", "path.lua",
                  lambda s: SEARCH_PATH, None, 0.80, phase="search"),
        Operation("search-ordered", f"GET ?q={SEARCH_WORD}&orderBy=created_at:desc&per_page=20", "path.lua",
                  lambda s: SEARCH_ORDERED_PATH, None, 0.80, phase="search"),
        Operation("keyset-first", f"GET ?limit={PAGE} (first keyset page)", "path.lua", lambda s: s["keyset_first"],
                  None, 0.80),
        Operation("keyset-flat-deep", f"GET ?cursor=…&limit={PAGE} at depth {profile.flat_depth:,}", "path.lua",
                  lambda s: s["keyset_flat"]),
        Operation("offset-flat-deep", f"GET ?page={flat_page}&per_page={PAGE} (offset {profile.flat_depth:,})",
                  "path.lua", lambda s: f"/api/contacts?page={flat_page}&per_page={PAGE}", None, 0.80),
        Operation("update", "PATCH /api/contacts/{random id} {status}", "update.lua", lambda s: "/api/contacts",
                  writes, 0.70),
        Operation("create", "POST /api/contacts {one contact}", "create.lua", lambda s: "/api/contacts", writes, 0.70),
        # before the bulk writes: the reference's bulk update deadlocks on PostgreSQL under load (docs/benchmarks.md,
        # "The wider matrix: first figures"), and the backlog it leaves would be measured as the next operation's time
        Operation("batch-10", f"POST /api/batch [{BATCH_OPS} operations: PATCH and POST contacts, interleaved]",
                  "batch.lua", lambda s: "/api/batch",
                  lambda s: dict(writes(s), BENCH_PREFIX="/api/contacts", BENCH_BATCH=BATCH_OPS), 0.80, BATCH_OPS),
        Operation("bulk-create", f"POST /api/contacts [{BATCH} contacts]", "create.lua", lambda s: "/api/contacts",
                  lambda s: dict(writes(s), BENCH_BATCH=BATCH), None, BATCH),
        Operation("bulk-update", f"PATCH /api/contacts [{BATCH} {{id, status}}, a value per row]", "bulk-update.lua",
                  lambda s: "/api/contacts", lambda s: dict(writes(s), BENCH_PREFIX="/api/contacts", BENCH_BATCH=BATCH),
                  None, BATCH),
        Operation("export", f"GET ?per_page=all ({contacts:,} rows), {EXPORT_CONNECTIONS} connections", "path.lua",
                  lambda s: EXPORT_PATH, None, 0.80, contacts, connections=EXPORT_CONNECTIONS),
        Operation("get-slow-exports", f"GET /api/contacts/{{random id}} while {SLOW_READERS} exports are read at "
                  f"{SLOW_READ_BYTES} B/s", "get.lua", lambda s: "/api/contacts/1", by_id, slow_readers=SLOW_READERS),
    ]


class SlowReaders:
    """`count` clients that ask for EXPORT_PATH and then read SLOW_READ_BYTES a second (as the slow readers
    of a mobile network or a stalled script do), held open while an operation is measured.

    Each socket's receive buffer is small, so the server cannot hand the whole export to the kernel and
    move on. Entering waits (at most SLOW_READERS_WAIT_S) until every reader has its first bytes, so the
    measurement starts once the exports are under way; leaving closes every socket.
    """

    def __init__(self, base, count):
        self.host, self.port = base.split("//")[1].split(":")
        self.count = count
        self.sockets = []
        self.stop = threading.Event()
        self.reader = None

    def __enter__(self):
        for _ in range(self.count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(SLOW_READERS_WAIT_S)
            s.connect((HOST, int(self.port)))
            s.sendall(f"GET {EXPORT_PATH} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            self.sockets.append(s)
        deadline = time.monotonic() + SLOW_READERS_WAIT_S
        for s in self.sockets:
            s.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                s.recv(1)
            except OSError:
                pass  # no answer yet: measured as it is
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def _read(self):
        while not self.stop.wait(1.0):
            for s in self.sockets:
                s.setblocking(False)
                try:
                    s.recv(SLOW_READ_BYTES)
                except OSError:
                    pass

    def __exit__(self, *exc):
        self.stop.set()
        self.reader.join(5)
        for s in self.sockets:
            s.close()


# ---------------------------------------------------------------------------------------------- checks

def keyset_start(server):
    """The first keyset page's path: the first of the forms below that answers with a next_cursor."""
    for path in (f"/api/contacts?limit={PAGE}", f"/api/contacts?cursor=&limit={PAGE}"):
        a = http("GET", server.base + path)
        if a.status == 200 and "next_cursor" in a.json():
            return path, a.json()
    raise BenchError(f"{server.name}: no keyset pagination answer (tried ?limit= and ?cursor=&limit=)")


def walk_cursor(server, first_path, depth):
    """The cursor whose page starts after `depth` rows, reached by following next_cursor.

    Steps of up to 1,000 rows (or 50 when the server caps limit lower); at most depth/50 + 2 requests.
    """
    if depth == 0:
        return None
    base = first_path.split("?")[0]
    step = 1000
    probe = http("GET", f"{server.base}{base}?limit={step}")
    if probe.status != 200:
        step = PAGE
    cursor, seen = None, 0
    for _ in range(depth // PAGE + 2):
        if seen >= depth:
            return cursor
        limit = min(step, depth - seen)
        path = f"{base}?limit={limit}" + (f"&cursor={urllib.parse.quote(cursor, safe='')}" if cursor else "")
        a = http("GET", server.base + path)
        if a.status != 200:
            raise BenchError(f"{server.name}: GET {path} → {a.status} {a.body[:300]!r}")
        page = a.json()
        seen += len(page["data"])
        cursor = page.get("next_cursor")
        if cursor is None and seen < depth:
            raise BenchError(f"{server.name}: the cursor walk ended at {seen} rows, before depth {depth}")
    if seen >= depth:
        return cursor
    raise BenchError(f"{server.name}: cursor walk did not reach depth {depth}")


def cursor_path(cursor):
    return f"/api/contacts?cursor={urllib.parse.quote(cursor, safe='')}&limit={PAGE}"


def prepare_state(server, profile):
    first_path, _ = keyset_start(server)
    return {"keyset_first": first_path,
            "keyset_deep": cursor_path(walk_cursor(server, first_path, profile.deep_offset)),
            "keyset_flat": cursor_path(walk_cursor(server, first_path, profile.flat_depth))}


def expect(cond, server, op, answer, why):
    if not cond:
        raise BenchError(f"{server.name} {op}: {why}; answered {answer.status} {answer.body[:400]!r}")


def check_operations(servers, states, profile):
    """One request per operation and server: each must succeed with the contract's shape; the reads
    of Plinth and the reference must be equal (same rows, same JSON). Returns the differences found."""
    differences = []
    reads = {}
    deep_page = profile.deep_offset // PAGE + 1
    for server in servers:
        st = states[server.name]
        got = {}
        a = http("GET", server.base + "/api/contacts/42")
        expect(a.status == 200 and a.json().get("id") == 42, server, "get-by-id", a, "expected the row with id 42")
        got["get-by-id"] = a.json()
        a = http("GET", server.base + "/api/contacts?status=lead&orderBy=created_at:desc&per_page=20")
        expect(a.status == 200 and len(a.json().get("data", [])) == 20, server, "list-filter", a, "expected 20 rows")
        got["list-filter"] = a.json()
        a = http("GET", server.base + f"/api/contacts?page={deep_page}&per_page={PAGE}")
        expect(a.status == 200 and len(a.json().get("data", [])) == PAGE, server, "list-deep-offset", a,
               f"expected {PAGE} rows")
        got["list-deep-offset"] = a.json()
        a = http("GET", server.base + st["keyset_deep"])
        expect(a.status == 200 and len(a.json().get("data", [])) == PAGE, server, "list-deep-keyset", a,
               f"expected {PAGE} rows")
        expect(a.json()["data"] == got["list-deep-offset"]["data"], server, "list-deep-keyset", a,
               "the keyset page at this depth should hold the same rows as the offset page")
        got["list-deep-keyset"] = a.json()["data"]
        for name, path in (("list-lowsel", LOWSEL_PATH), ("list-company1", COMPANY1_PATH)):
            a = http("GET", server.base + path)
            expect(a.status == 200 and len(a.json().get("data", [])) == 1, server, name, a, "expected 1 row")
            got[name] = a.json()
        a = http("GET", server.base + "/api/contacts?status=won&count=true")
        expect(a.status == 200 and isinstance(a.json().get("total"), int), server, "count", a, "expected a total")
        got["count"] = a.json()
        a = http("GET", server.base + COUNT_ONLY_PATH)
        expect(a.status == 200 and a.json().get("data") == [] and a.json().get("total") == got["count"].get("total"),
               server, "count-only", a, "expected no rows and the total of count")
        got["count-only"] = a.json()
        a = http("GET", server.base + INCLUDE_PATH)
        rows = a.json().get("data", []) if a.status == 200 else []
        expect(len(rows) == 20 and all("company" in r for r in rows), server, "include-company", a,
               "expected 20 rows, each with its company")
        got["include-company"] = a.json()
        for name in ("keyset_first", "keyset_flat"):
            a = http("GET", server.base + st[name])
            expect(a.status == 200 and len(a.json().get("data", [])) > 0, server, name, a, "expected rows")
        a = http("GET", server.base + NESTED_PATH)
        expect(a.status == 200 and len(a.json().get("data", [])) == 20
               and all(r.get("company_id") == 5 for r in a.json()["data"]), server, "nested-route", a,
               "expected 20 contacts of company 5")
        got["nested-route"] = a.json()
        a = http("GET", server.base + RELATION_PATH)
        expect(a.status == 200 and len(a.json().get("data", [])) == 20, server, "relation-filter", a, "expected 20 rows")
        got["relation-filter"] = a.json()
        st["export_bytes"] = export_bytes(server)
        reads[server.name] = got
    for other in ("reference", "prisma"):
        differences += read_differences(reads, other)
    for server in servers:
        a = http("PATCH", server.base + "/api/contacts/7", {"status": "won"})
        expect(a.status == 200 and a.json().get("status") == "won", server, "update", a, "expected the updated row")
        a = http("PATCH", server.base + "/api/contacts", [{"id": i, "status": "lost"} for i in range(1, BATCH + 1)])
        expect(a.status == 200 and isinstance(a.json(), list) and len(a.json()) == BATCH
               and all(r.get("status") == "lost" for r in a.json()), server, "bulk-update", a,
               f"expected 200 and {BATCH} updated rows")
        a = http("POST", server.base + "/api/contacts",
                 {"name": "Check", "email": "check@example.com", "status": "lead", "company_id": 1, "owner_id": 1})
        expect(a.status == 201 and isinstance(a.json().get("id"), int), server, "create", a, "expected 201 and a row")
        rows = [{"name": f"Check {i}", "email": f"check.{i}@example.com", "status": "lead", "company_id": 1,
                 "owner_id": 1} for i in range(BATCH)]
        a = http("POST", server.base + "/api/contacts", rows)
        expect(a.status == 201 and isinstance(a.json(), list) and len(a.json()) == BATCH, server, "bulk-create", a,
               f"expected 201 and {BATCH} rows")
        a = http("POST", server.base + "/api/batch", batch_operations(BATCH_OPS))
        expect(a.status == 200 and isinstance(a.json(), list) and batch_shape(a.json()) == batch_shape_expected(BATCH_OPS),
               server, "batch-10", a, f"expected 200 and {BATCH_OPS} results, 200 for each PATCH and 201 for each POST")
    return differences


def read_differences(reads, other):
    """The reads (operation → answer, per server name) where the server `other` answers otherwise than Plinth;
    nothing when either did not answer."""
    labels = {"reference": "the reference", "prisma": "the Node + Prisma server"}
    p, o = reads.get("plinth"), reads.get(other)
    if p is None or o is None:
        return []
    return [f"{key}: Plinth and {labels[other]} answer differently "
            f"(Plinth {json.dumps(p[key])[:300]} … {other} {json.dumps(o.get(key))[:300]} …)"
            for key in p if p[key] != o.get(key)]


def batch_operations(count):
    """A batch as bench/wrk/batch.lua sends it: PATCH /api/contacts/{id} {status} and POST /api/contacts {one
    contact}, interleaved, `count` in all (ids 11, 12, … here: the check needs no randomness)."""
    ops = []
    for i in range(count):
        if i % 2 == 0:
            ops.append({"method": "PATCH", "path": f"/api/contacts/{11 + i // 2}", "body": {"status": "won"}})
        else:
            ops.append({"method": "POST", "path": "/api/contacts",
                        "body": {"name": f"Batch Check {i}", "email": f"batch.check.{i}@example.com", "status": "lead",
                                 "company_id": 1, "owner_id": 1}})
    return ops


def batch_shape(results):
    """Each batch result's status and its body's fields (a body has an integer id), or None when malformed."""
    try:
        return [(r["status"], tuple(sorted(r["body"]))) for r in results if isinstance(r["body"].get("id"), int)]
    except (KeyError, TypeError, AttributeError):
        return None


def batch_shape_expected(count):
    """batch_shape of a correct answer to batch_operations(count): 200 then 201, a full contact each time."""
    fields = ("company_id", "created_at", "email", "id", "name", "owner_id", "status", "updated_at")
    return [(200 if i % 2 == 0 else 201, fields) for i in range(count)]


def export_bytes(server):
    """Bytes of one complete answer to EXPORT_PATH (its body as sent): what export's req/s multiplies into MB/s."""
    a = http("GET", server.base + EXPORT_PATH, timeout=600)
    expect(a.status == 200, server, "export", a, "expected 200")
    return len(a.body)


# ---------------------------------------------------------------------------------------------- phases

def measure_operations(servers, states, profile, ops):
    """Each operation on every server: warm-up, then mirrored rounds (ABBA; ABCCBA with the Prisma server); the
    first server rotates per operation (round_schedule)."""
    results = {}
    for i, op in enumerate(ops):
        order, schedule = round_schedule(servers, i, profile.rounds)
        measures = {s.name: Measure() for s in servers}
        def measured(server, seconds):
            run_wrk = lambda: wrk(server.base + op.path(states[server.name]), op.script, seconds,
                                  op.env(states[server.name]) if op.env else {}, op.connections)
            if not op.slow_readers:
                return run_wrk()
            with SlowReaders(server.base, op.slow_readers):
                return run_wrk()

        for server in order:
            if profile.warmup_s:
                measured(server, profile.warmup_s)
        for server in schedule:
            raw = measured(server, profile.round_s)
            measures[server.name].add(raw)
            if not server.alive():
                raise BenchError(f"{server.name} died during {op.name}:\n{server.tail()}")
        results[op.name] = {name: m.as_dict() for name, m in measures.items()}
        line = "  ".join(f"{n} {m.rps:9.1f} req/s p50 {statistics.mean(m.p50):7.2f} ms non-2xx {m.non2xx}"
                         for n, m in measures.items())
        log(f"{op.name:18} {line}")
    return results


def measure_search(db, launch, urls, profile, logs, ops, names, differences=None):
    """The q= operations, on copies of the database migrated to SEARCH_SCHEMA by `plinth migrate` (which adds
    the full-text index Plinth searches: an FTS5 table on SQLite, a GIN expression index on PostgreSQL); the
    reference searches the same index with the statement Plinth runs. Both must answer the same rows; where the
    Node + Prisma server (its $queryRaw on the same index) answers otherwise, that goes into differences."""
    servers = []
    for name in names:
        url = urls[f"search-{name}"]
        started = time.monotonic()
        run([launch.java, *launch.jvm_flags, "-jar", str(launch.jar), "migrate", str(SEARCH_SCHEMA),
             "--database-url", url], timeout=600)
        log(f"{db}: full-text index for {name} built in {time.monotonic() - started:.1f} s")
        port = free_port()
        if name == "plinth":
            server = launch.plinth(SEARCH_SCHEMA, url, port, logs / f"plinth-{db}-search.log")
        elif name == "prisma":
            server = launch.prisma(url, port, logs / f"prisma-{db}-search.log")
        else:
            server = launch.reference(url, port, logs / f"reference-{db}-search.log")
        RUNNING.append(server)
        server.start("/api/contacts/1")
        servers.append(server)
    try:
        answers = {}
        for server in servers:
            a = http("GET", server.base + SEARCH_PATH)
            rows = a.json().get("data", []) if a.status == 200 else []
            expect(len(rows) == 20 and all(SEARCH_WORD in (r["name"] + r["email"]).lower() for r in rows), server,
                   "search", a, f"expected 20 rows holding '{SEARCH_WORD}'")
            answers[server.name] = a.json()
            a = http("GET", server.base + SEARCH_ORDERED_PATH)
            rows = a.json().get("data", []) if a.status == 200 else []
            expect(len(rows) == 20 and all(SEARCH_WORD in (r["name"] + r["email"]).lower() for r in rows)
                   and [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True),
                   server, "search-ordered", a, f"expected 20 rows holding '{SEARCH_WORD}', newest first")
            answers[server.name] = [answers[server.name], a.json()]
        if "plinth" in answers and "reference" in answers and answers["plinth"] != answers["reference"]:
            raise BenchError(f"search: Plinth and the reference answer differently (Plinth "
                             f"{json.dumps(answers['plinth'])[:300]} … reference {json.dumps(answers['reference'])[:300]} …)")
        for d in read_differences({name: dict(zip(("search", "search-ordered"), a)) for name, a in answers.items()},
                                  "prisma"):
            log(f"{db}: WARNING {d}")
            if differences is not None:
                differences.append(d)
        return measure_operations(servers, {s.name: {} for s in servers}, profile, ops)
    finally:
        for server in servers:
            server.stop()
            RUNNING.remove(server)


def export_all(server, path):
    """Streams a full export; returns rows, MiB, seconds, status (and an error when incomplete)."""
    t0 = time.monotonic()
    size, chunks = 0, []
    try:
        with urllib.request.urlopen(urllib.request.Request(server.base + path), timeout=600) as r:
            status = r.status
            while True:
                chunk = r.read(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                chunks.append(chunk)
    except urllib.error.HTTPError as e:
        return {"status": e.code, "rows": 0, "mb": 0, "seconds": round(time.monotonic() - t0, 2),
                "error": problem_detail(e.read())}
    seconds = time.monotonic() - t0
    try:
        doc = json.loads(b"".join(chunks))
        rows = len(doc["data"]) if isinstance(doc, dict) else len(doc)
        error = None
    except (ValueError, KeyError, TypeError) as e:
        rows, error = 0, f"not a complete JSON document: {e}"
    return {"status": status, "rows": rows, "mb": round(size / 2**20, 1), "seconds": round(seconds, 2),
            "error": error}


def export_by_cursor(server, limit=1000):
    """A client-driven export: every row by following next_cursor, `limit` rows a request."""
    t0 = time.monotonic()
    rows, size, cursor = 0, 0, None
    for _ in range(10_000):  # 10 million rows at most
        path = f"/api/contacts?limit={limit}" + (f"&cursor={urllib.parse.quote(cursor, safe='')}" if cursor else "")
        a = http("GET", server.base + path)
        if a.status != 200:
            return {"status": a.status, "rows": rows, "error": problem_detail(a.body)}
        page = a.json()
        rows += len(page["data"])
        size += len(a.body)
        cursor = page.get("next_cursor")
        if cursor is None:
            break
    return {"status": 200, "rows": rows, "mb": round(size / 2**20, 1),
            "seconds": round(time.monotonic() - t0, 2), "error": None}


def problem_detail(body):
    try:
        return json.loads(body).get("detail") or body[:200].decode(errors="replace")
    except (ValueError, AttributeError):
        return body[:200].decode(errors="replace")


def memory_run(server, page_rows, seconds):
    """wrk on pages of page_rows rows; a first request shows whether the server accepts that size."""
    path = f"/api/contacts?per_page={page_rows}"
    probe = http("GET", server.base + path, timeout=120)
    if probe.status != 200:
        return {"page_rows": page_rows, "refused": f"{probe.status}: {problem_detail(probe.body)}"}
    m = Measure()
    m.add(wrk(server.base + path, "path.lua", seconds, {}))
    return {"page_rows": page_rows, "load": m.as_dict()}


def measure_memory(launch, urls, profile, logs, export_path, names):
    """Each server with -Xmx128m (the Node + Prisma server: --max-old-space-size=128): pages of memory_page rows under load, then an export of every row.

    When a server refuses pages that large or has no export, the refusal is reported and, for the record,
    the run is repeated at 1,000 rows a page and the export done by following cursors (1,000 rows a request).
    """
    results = {}
    for name in names:
        port = free_port()
        if name == "plinth":
            server = launch.plinth(SCHEMA, urls["memory-plinth"], port, logs / "plinth-memory.log", heap="128m")
        elif name == "prisma":
            server = launch.prisma(urls["memory-prisma"], port, logs / "prisma-memory.log", heap="128m")
        else:
            server = launch.reference(urls["memory-reference"], port, logs / "reference-memory.log", heap="128m")
        RUNNING.append(server)
        try:
            server.start("/api/contacts/1")
            runs = [memory_run(server, profile.memory_page, profile.memory_s)]
            if "refused" in runs[0] and server.alive():
                runs.append(memory_run(server, 1000, profile.memory_s))
            path = export_path if name == "plinth" else "/api/contacts?per_page=all"
            exports = []
            if server.alive():
                exports.append(dict(export_all(server, path), how=f"`{path}`"))
                if exports[0]["status"] == 400 and server.alive():
                    exports.append(dict(export_by_cursor(server), how="following `next_cursor`, `limit=1000`"))
            mem = server.memory()
            alive = server.alive()
            results[name] = {"runs": runs, "exports": exports, "alive": alive,
                             "vm_hwm_mb": round(mem.get("VmHWM", 0), 1), "vm_rss_mb": round(mem.get("VmRSS", 0), 1)}
            if not alive:
                results[name]["log"] = server.tail()
            log(f"memory {name}: {json.dumps(results[name])[:600]}")
        finally:
            server.stop()
            RUNNING.remove(server)
    return results


def model_count(schema_path):
    return len(re.findall(r"^model\s+\w+\s*\{", schema_path.read_text(), re.M))


def provider(schema_path):
    m = re.search(r"datasource\s+\w+\s*\{[^}]*?provider\s*=\s*\"(\w+)\"", schema_path.read_text(), re.S)
    return m.group(1) if m else None


def largest_real_schema(shared, db):
    want = "sqlite" if db == "sqlite" else "postgresql"
    candidates = [p for p in (shared / "schemas" / "real").glob("*.prisma") if provider(p) == want]
    return max(candidates, key=lambda p: (model_count(p), p.name)) if candidates else None


def first_model_path(schema_path):
    """The list route of the schema's first model, by docs/api.md's rule (plural, lower snake_case).

    Any answer below 500 counts as served: the route may be owner-scoped (401) or pluralised differently.
    """
    name = re.search(r"^model\s+(\w+)\s*\{", schema_path.read_text(), re.M).group(1)
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    if re.search(r"(s|x|z|ch|sh)$", snake):
        plural = snake + "es"
    elif re.search(r"[^aeiou]y$", snake):
        plural = snake[:-1] + "ies"
    else:
        plural = snake + "s"
    return f"/api/{plural}?per_page=1"


def class_cache():
    """The launcher's class cache for serve that is newer than the jar (the AOT cache on JDK 25+, the dynamic
    class-data archive before), or None."""
    jar = ROOT / "target" / "plinth.jar"
    for path in sorted((ROOT / "target").glob("plinth-serve*.aot")) + sorted((ROOT / "target").glob("plinth-serve*.jsa")):
        if path.exists() and path.stat().st_mtime > jar.stat().st_mtime:
            return path
    return None


def prime_class_cache(make, ready):
    """Starts `./plinth serve` until its class cache is in place, as a user's first start makes it: beside that
    start the launcher runs the training run (`plinth cache-training`) and keeps what it loaded as the cache.
    Returns the cache's file name; raises BenchError when none appears in time."""
    deadline = time.monotonic() + CLASS_CACHE_WAIT_S
    while class_cache() is None:
        if time.monotonic() > deadline:
            raise BenchError(f"./plinth serve made no class cache in {CLASS_CACHE_WAIT_S} s (target/plinth-serve-cache.log)")
        server = make()
        RUNNING.append(server)
        try:
            server.start(ready)
        finally:
            server.stop()
            RUNNING.remove(server)
        wait_until = time.monotonic() + 60
        while class_cache() is None and time.monotonic() < min(wait_until, deadline):
            time.sleep(0.5)
    return class_cache().name


def measure_startup(launch, db, crm_url, shared, profile, logs, work, names):
    """Seconds from spawn to the first answer: the CRM (schema in place), the reference, the largest real
    schema on an empty database (the first start creates its tables) and restarted (nothing to migrate)."""
    results = []

    def timed(label, make, ready, runs, accept_any=False):
        times, status, error, mem = [], None, None, {}
        for _ in range(runs):
            server = make()
            RUNNING.append(server)
            try:
                times.append(server.start(ready, accept_any_status=accept_any))
                status = getattr(server, "ready_status", None)
                mem = server.memory()
            except BenchError as e:
                error = str(e).splitlines()[0][:300]
                break
            finally:
                server.stop()
                RUNNING.remove(server)
        row = {"label": label, "runs": len(times), "status": status, "error": error}
        if times:
            row.update(median_s=round(statistics.median(times), 3), min_s=round(min(times), 3),
                       rss_mb=round(mem.get("VmRSS", 0), 1))
        results.append(row)
        log(f"start-up {label}: {row.get('median_s')} s {error or ''}")

    if "plinth" in names:
        timed("Plinth, CRM (2 models, schema in place), `java -jar` without a class cache",
              lambda: launch.plinth(SCHEMA, crm_url, free_port(), logs / "plinth-startup.log"), "/api/contacts/1",
              profile.startup_runs)
        launched = lambda: launch.launched(SCHEMA, crm_url, free_port(), logs / "plinth-startup.log")
        cache = prime_class_cache(launched, "/api/contacts/1")
        timed(f"Plinth, CRM, `./plinth serve` from its class cache ({cache})", launched, "/api/contacts/1",
              profile.startup_runs)
    if profile.startup_all or "plinth" not in names:
        timed("reference, CRM",
              lambda: launch.reference(crm_url, free_port(), logs / "reference-startup.log"), "/api/contacts/1",
              profile.startup_runs)
    if profile.startup_all and "prisma" in names:
        timed("Node + Prisma, CRM",
              lambda: launch.prisma(crm_url, free_port(), logs / "prisma-startup.log"), "/api/contacts/1",
              profile.startup_runs)
    real = largest_real_schema(shared, db)
    if real is None or "plinth" not in names:
        return results
    if db == "sqlite":
        target = work / "data" / "real-startup.db"
        for ext in ("", "-wal", "-shm", "-journal"):
            Path(str(target) + ext).unlink(missing_ok=True)
        url = f"file:{target}"
    else:
        url = pg_recreate("plinth_bench_startup")
    ready = first_model_path(real)
    models = model_count(real)
    timed(f"Plinth, {real.name} ({models} models, empty database: creates the tables), `./plinth serve`",
          lambda: launch.launched(real, url, free_port(), logs / "plinth-startup-real.log"), ready, 1, True)
    if profile.startup_all:
        timed(f"Plinth, {real.name} ({models} models, restart: schema in place), `./plinth serve`",
              lambda: launch.launched(real, url, free_port(), logs / "plinth-startup-real.log"), ready,
              profile.startup_runs, True)
    return results


# ---------------------------------------------------------------------------------------------- report

def machine():
    info = {"nproc": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        info["cpu"] = m.group(1).strip() if m else "unknown"
        mem = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
        info["memory_gib"] = round(int(mem.group(1)) / 2**20, 1)
    except OSError:
        pass
    info["kernel"] = os.uname().release
    return info


def versions(java, dbs):
    v = {}
    r = run([java, "-version"], check=False)
    v["jdk"] = (r.stderr or "").splitlines()[0] if r.stderr else "unknown"
    r = run(["wrk", "--version"], check=False)
    v["wrk"] = ((r.stdout or "") + (r.stderr or "")).splitlines()[0].split(" Copyright")[0]
    r = run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], check=False)
    v["plinth"] = (r.stdout or "").strip() or "unknown"
    pom = (ROOT / "pom.xml").read_text()
    for artifact, key in (("javalin", "javalin"), ("sqlite-jdbc", "sqlite-jdbc"), ("postgresql", "pgjdbc"),
                          ("HikariCP", "HikariCP")):
        m = re.search(rf"<artifactId>{artifact}</artifactId>\s*<version>([^<]+)</version>", pom)
        if m:
            value = m.group(1)
            if value.startswith("${"):
                prop = re.search(rf"<{value[2:-1]}>([^<]+)<", pom)
                value = prop.group(1) if prop else value
            v[key] = value
    if "postgres" in dbs:
        r = run(["psql", "-X", "-tA", f"{PG_ADMIN_URL}/postgres", "-c", "show server_version"], check=False)
        v["postgresql"] = (r.stdout or "").strip()
    return v


def verdict(ok):
    return "PASS" if ok else "MISS"


def fmt(x, digits=1):
    return "–" if x is None else f"{x:,.{digits}f}"


def render(report):
    out = []
    m, v = report["machine"], report["versions"]
    out.append(f"Run of {report['date']} ({report['profile']} profile, {report['contacts']:,} contacts, "
               f"{report['companies']:,} companies).")
    out.append("")
    out.append(f"- Machine: {m.get('nproc')} CPUs ({m.get('cpu')}), {m.get('memory_gib')} GiB memory, "
               f"Linux {m.get('kernel')}; servers pinned to CPU 0, wrk to CPU 1."
               + (f" Load average (1 min) {report['load_before']} at the start, {report['load_after']} at the end: "
                  "other work shared the machine, so only the ratios mean much." if "load_after" in report else ""))
    out.append(f"- {v.get('jdk')}; Plinth {v.get('plinth')}; Javalin {v.get('javalin')}; "
               f"sqlite-jdbc {v.get('sqlite-jdbc')}; pgjdbc {v.get('pgjdbc')}; HikariCP {v.get('HikariCP')}"
               + (f"; PostgreSQL {v['postgresql']}" if v.get("postgresql") else "") + f"; {v.get('wrk')}.")
    if v.get("prisma"):
        n = v["prisma"]
        out.append(f"- Node + Prisma server (bench/prisma): Node {n['node']}, prisma {n['prisma']}, @prisma/client "
                   f"{n['@prisma/client']}, @prisma/adapter-better-sqlite3 {n['@prisma/adapter-better-sqlite3']} "
                   f"(better-sqlite3 {n['better-sqlite3']}), @prisma/adapter-pg {n['@prisma/adapter-pg']} (pg {n['pg']}); "
                   f"pinned to CPU 0 like the JVMs, PostgreSQL pool {POOL_SIZE['postgres']}.")
    out.append(f"- JVM flags (both servers): `{' '.join(report['jvm_flags'])}`. wrk: 1 thread, {CONNECTIONS} "
               f"connections; warm-up {report['warmup_s']} s per server and operation, then {report['rounds']} "
               f"measured round(s) of {report['round_s']} s per server (ABBA order"
               + ("; ABCCBA with the Node + Prisma server" if report["versions"].get("prisma") else "") + ").")
    out.append("")
    for db, res in report["databases"].items():
        out.append(f"#### {'SQLite' if db == 'sqlite' else 'PostgreSQL'}")
        out.append("")
        if res.get("error"):
            out.append(f"Not measured: {res['error']}")
            out.append("")
            continue
        if res.get("reference_only"):
            out.append(f"**Plinth could not be measured in this run** ({res['plinth_error']}); "
                       "the reference was measured alone.")
            out.append("")
        ops = res["operations"]
        with_prisma = any("prisma" in r for r in ops.values())
        out.append("| operation | Plinth req/s | p50 ms | p99 ms | non-2xx | reference req/s | p50 ms | p99 ms "
                   "| non-2xx | ratio | target | |" + (PRISMA_HEADER if with_prisma else ""))
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|" + (PRISMA_RULE if with_prisma else ""))
        for name, r in ops.items():
            p, ref = r.get("plinth"), r["reference"]
            ratio = p["rps"] / ref["rps"] if p and ref["rps"] else None
            target = r.get("target")
            mark = verdict(ratio >= target) if (target and ratio is not None) else ""
            cells = [name]
            for side in (p, ref):
                cells += ([fmt(side["rps"]), fmt(side["p50_ms"], 2), fmt(side["p99_ms"], 2),
                           str(side["non2xx"] + side["socket_errors"])] if side else ["–"] * 4)
            cells += [fmt(ratio, 2), f"≥ {target:.2f}" if target else "", mark]
            if with_prisma:
                cells += prisma_cells(r, res.get("prisma_target", PRISMA_TARGET))
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
        for line in res.get("derived", []):
            out.append(f"- {line}")
        out.append("")
        mem = res.get("memory")
        if mem:
            out.append("Memory, `-Xmx128m` (target: the large pages and the full export complete with no error):")
            out.append("")
            out.append("| server | request | result | req/s | non-2xx | rows | MiB | s | |")
            out.append("|---|---|---|--:|--:|--:|--:|--:|---|")
            for name, r in mem.items():
                for run_ in r["runs"]:
                    what = f"`per_page={run_['page_rows']}`, 32 connections"
                    if "refused" in run_:
                        out.append(f"| {name} | {what} | refused: {run_['refused']} | | | | | | MISS |")
                        continue
                    load = run_["load"]
                    bad = load["non2xx"] + load["socket_errors"]
                    ok = bad == 0 and r["alive"]
                    target = run_["page_rows"] >= res["memory_target_rows"]
                    out.append(f"| {name} | {what} | {'ok' if ok else 'errors'} | {fmt(load['rps'])} | {bad} | "
                               f"{run_['page_rows']:,}/page | | {load['seconds']} | "
                               f"{verdict(ok) if target else '(below target size)'} |")
                for e in r["exports"]:
                    ok = e.get("status") == 200 and not e.get("error") and e.get("rows", 0) >= res["contacts"]
                    full = e["how"].startswith("`")
                    result = "complete" if ok else f"{e.get('status')}: {e.get('error')}"
                    out.append(f"| {name} | export {e['how']} | {result} | | | {e.get('rows', 0):,} | "
                               f"{e.get('mb', '–')} | {e.get('seconds', '–')} | "
                               f"{verdict(ok) if full else '(not the target: a client-side export)'} |")
                out.append(f"| {name} | resident memory after these | VmHWM {r['vm_hwm_mb']} MiB, VmRSS "
                           f"{r['vm_rss_mb']} MiB{'' if r['alive'] else ', **the server died**'} | | | | | | |")
            out.append("")
        start = res.get("startup")
        if start:
            out.append("Start-up to the first served request:")
            out.append("")
            out.append("| server and schema | runs | median s | min s | RSS MiB | note |")
            out.append("|---|--:|--:|--:|--:|---|")
            for r in start:
                note = r["error"] or (f"first answer {r['status']}" if r.get("status") not in (None, 200) else "")
                out.append(f"| {r['label']} | {r['runs']} | {fmt(r.get('median_s'), 2)} | {fmt(r.get('min_s'), 2)} "
                           f"| {r.get('rss_mb', '–')} | {note} |")
            out.append("")
        for d in res.get("differences", []):
            out.append(f"- Answer check: {d}")
        if res.get("differences"):
            out.append("")
    return "\n".join(out)


PRISMA_HEADER = " Prisma req/s | p50 ms | non-2xx | Plinth ÷ Prisma | target | |"
PRISMA_RULE = "--:|--:|--:|--:|--:|---|"


def prisma_cells(row, target):
    """The Node + Prisma server's cells of one operation's row: req/s, p50, errors, Plinth ÷ Prisma, the target
    and its verdict (an operation Plinth or Prisma did not run gets dashes and no verdict)."""
    n = row.get("prisma")
    if not n:
        return ["–"] * 4 + ["", ""]
    ratio = prisma_ratio(row)
    return [fmt(n["rps"]), fmt(n["p50_ms"], 2), str(n["non2xx"] + n["socket_errors"]), fmt(ratio, 2),
            f"≥ {target:.2f}", verdict(ratio >= target) if ratio is not None else ""]


def floor_line(name, statements, floor_rows, single_rps, single, bulk_rows, target, verb):
    """The line telling whether a bulk target fits under the database alone: floor_rows (rows/s of the
    database alone under the bulk statements) against single_rps (Plinth's single-write rows/s, of the
    kind named by single); bulk_rows is Plinth's bulk rows/s."""
    return (f"{name}, the database alone ({statements}, no HTTP or JSON): {fmt(floor_rows, 0)} rows/s = "
            f"{floor_rows / single_rps:.1f}× Plinth's {single} rows/s, so {target}× is "
            f"{'within' if floor_rows >= target * single_rps else 'beyond'} what the database itself can {verb} here; "
            f"Plinth's {name.lower()} reaches {100 * bulk_rows / floor_rows:.0f} % of it.")


def derived(ops, floor=None, update_floor=None):
    """Targets that are not a plain ratio: bulk rows/s against single creates and PATCHes, keyset flatness.

    floor: the database alone under the bulk-create statement ({"rows_per_s": …}), when measured;
    update_floor: the same under the bulk update's statements."""
    lines = []
    p_create = ops.get("create", {}).get("plinth")
    p_bulk = ops.get("bulk-create", {}).get("plinth")
    r_create = ops.get("create", {}).get("reference")
    r_bulk = ops.get("bulk-create", {}).get("reference")
    if p_create and p_bulk and p_create["rps"]:
        x = p_bulk["rps"] * BATCH / p_create["rps"]
        lines.append(f"Bulk create: Plinth {fmt(p_bulk['rps'] * BATCH, 0)} rows/s in arrays of {BATCH} = {x:.1f}× its "
                     f"single-create rows/s ({fmt(p_create['rps'], 0)}); target ≥ 20×: {verdict(x >= 20)}"
                     + (f". Reference: {fmt(r_bulk['rps'] * BATCH, 0)} rows/s = "
                        f"{r_bulk['rps'] * BATCH / r_create['rps']:.1f}× its single creates" if r_create and r_bulk and
                        r_create["rps"] else "") + ".")
        if floor and floor.get("rows_per_s"):
            lines.append(floor_line("Bulk create", f"the same {BATCH}-row `INSERT … RETURNING`, 16 concurrent writers "
                                    "committing up to 100 statements at a time", floor["rows_per_s"], p_create["rps"],
                                    "single-create", p_bulk["rps"] * BATCH, 20, "insert"))
    p_update = ops.get("update", {}).get("plinth")
    p_bulk_update = ops.get("bulk-update", {}).get("plinth")
    r_update = ops.get("update", {}).get("reference")
    r_bulk_update = ops.get("bulk-update", {}).get("reference")
    if p_update and p_bulk_update and p_update["rps"]:
        x = p_bulk_update["rps"] * BATCH / p_update["rps"]
        lines.append(f"Bulk update: Plinth {fmt(p_bulk_update['rps'] * BATCH, 0)} rows/s in arrays of {BATCH} (a value "
                     f"per row) = {x:.1f}× its single-PATCH rows/s ({fmt(p_update['rps'], 0)}); target ≥ 5×: {verdict(x >= 5)}"
                     + (f". Reference: {fmt(r_bulk_update['rps'] * BATCH, 0)} rows/s = "
                        f"{r_bulk_update['rps'] * BATCH / r_update['rps']:.1f}× its single PATCHes" if r_update and
                        r_bulk_update and r_update["rps"] else "") + ".")
        if update_floor and update_floor.get("rows_per_s"):
            lines.append(floor_line("Bulk update", f"the same `UPDATE … RETURNING` per row, {BATCH} rows a statement "
                                    "group, 16 concurrent writers committing up to 100 groups at a time",
                                    update_floor["rows_per_s"], p_update["rps"], "single-PATCH",
                                    p_bulk_update["rps"] * BATCH, 5, "update"))
    for side in ("plinth", "reference"):
        low = ops.get("list-lowsel", {}).get(side)
        company = ops.get("list-company1", {}).get(side)
        if low and company and company["rps"]:
            x = low["rps"] / company["rps"]
            lines.append(f"Low-selectivity filter ({side}): list-lowsel runs at {x:.2f}× list-company1 "
                         f"({fmt(low['rps'])} vs {fmt(company['rps'])} req/s)"
                         + (f"; target ≥ {LOWSEL_TARGET}×: {verdict(x >= LOWSEL_TARGET)}" if side == "plinth" else "")
                         + ".")
    lines += export_throughput(ops.get("export", {}))
    for side in ("plinth", "reference"):
        first = ops.get("keyset-first", {}).get(side)
        deep = ops.get("keyset-flat-deep", {}).get(side)
        offset = ops.get("offset-flat-deep", {}).get(side)
        if first and deep and deep["rps"]:
            cost = first["rps"] / deep["rps"]
            text = (f"Keyset flatness ({side}): the deep keyset page costs {cost:.2f}× the first page "
                    f"({fmt(deep['rps'])} vs {fmt(first['rps'])} req/s, p50 {fmt(deep['p50_ms'], 2)} vs "
                    f"{fmt(first['p50_ms'], 2)} ms)")
            if offset and offset["rps"]:
                text += f"; the offset page at that depth costs {first['rps'] / offset['rps']:.2f}×"
            if side == "plinth":
                text += f"; target ≤ 1.30×: {verdict(cost <= 1.3)}"
            lines.append(text + ".")
    return lines


def export_throughput(export):
    """The export operation in MB/s (10^6 bytes a second: one answer's bytes × req/s) for every server measured,
    and Plinth's ratio to each other server's; export maps a server's name to its figures (with answer_bytes)."""
    rates = {side: m["answer_bytes"] * m["rps"] / 1e6 for side, m in export.items()
             if isinstance(m, dict) and m.get("answer_bytes") and "rps" in m}
    if not rates:
        return []
    # With one connection and answers of seconds, a 5 s round completes only a few exports, so req/s moves in
    # steps; the answer's size over its median latency (p50) is the same rate without the steps.
    parts = [f"{side} {rates[side]:,.1f} MB/s ({export[side]['answer_bytes'] / 1e6:,.1f} MB × {fmt(export[side]['rps'], 2)} "
             f"req/s" + (f"; {export[side]['answer_bytes'] / 1e3 / export[side]['p50_ms']:,.1f} MB/s over the p50 of "
                         f"{fmt(export[side]['p50_ms'], 0)} ms" if export[side].get("p50_ms") else "") + ")" for side in rates]
    ratios = [f"Plinth ÷ {side} {rates['plinth'] / rate:.2f}" for side, rate in rates.items()
              if side != "plinth" and "plinth" in rates and rate]
    return [f"Export in MB/s: {'; '.join(parts)}" + (f"; {', '.join(ratios)}" if ratios else "") + "."]


def write_doc(path, report, dbs):
    """Replaces the results block of each database run (between its markers) in docs/benchmarks.md."""
    text = path.read_text() if path.exists() else ""
    for db in dbs:
        body = render({**report, "databases": {db: report["databases"][db]}})
        start, end = f"<!-- results:{db}:start -->", f"<!-- results:{db}:end -->"
        block = f"{start}\n{body.strip()}\n{end}"
        if start in text and end in text:
            text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


# ---------------------------------------------------------------------------------------------- profile

def jfr_summary(java_home, recording):
    """Writes `jfr view` hot-methods and allocation-by-site of a recording beside it; returns the path."""
    jfr = Path(java_home) / "bin" / "jfr"
    views = []
    for view in ("hot-methods", "allocation-by-site"):
        r = run([str(jfr), "view", "--width", "220", view, str(recording)], check=False, timeout=300)
        views.append(r.stdout or r.stderr)
    views.append(plinth_frames(jfr, recording))
    out = recording.with_suffix(".txt")
    out.write_text("\n".join(views))
    return out


def plinth_frames(jfr, recording, top=25):
    """Inclusive share of CPU samples per Plinth method (a sample counts for every Plinth frame on its stack)."""
    r = run([str(jfr), "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", str(recording)],
            check=False, timeout=300)
    try:
        events = json.loads(r.stdout)["recording"]["events"]
    except (ValueError, KeyError):
        return "Plinth frames: the recording could not be read"
    counts = {}
    for e in events:
        seen = set()
        for f in e["values"]["stackTrace"]["frames"]:
            name = f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
            if name.startswith("dev.plinth.") and name not in seen:
                seen.add(name)
                counts[name] = counts.get(name, 0) + 1
    lines = [f"Plinth methods on the stack, inclusive, of {len(events)} CPU samples:"]
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {100 * n / max(len(events), 1):5.1f} %  {name}")
    return "\n".join(lines)


def profile_operation(db, args, profile, launch, seed_data, work, logs):
    """Plinth alone under one operation's load, recorded with JDK Flight Recorder: the evidence for
    finding where its time goes. Warm-up as in the benchmark, then 20 s recorded."""
    seed, companies, contacts = seed_data
    if db == "sqlite":
        url = f"file:{sqlite_copy(prepare_sqlite(seed, companies, contacts, work / 'data'), 'crm-profile.db')}"
    else:
        url = pg_recreate("plinth_bench_profile", prepare_postgres(seed, companies, contacts, work / "data"))
    ops = {op.name: op for op in operations(profile)}
    if args.profile not in ops:
        raise BenchError(f"--profile takes one of {', '.join(ops)}")
    op = ops[args.profile]
    recording = work / f"profile-{op.name}-{db}.jfr"
    recording.unlink(missing_ok=True)
    # Deep stacks, so that samples inside Jetty and Javalin still reach Plinth's frames.
    plinth = launch.plinth(SCHEMA, url, free_port(), logs / "plinth-profile.log",
                           extra=["-XX:FlightRecorderOptions=stackdepth=512"])
    RUNNING.append(plinth)
    plinth.start("/api/contacts/1")
    state = prepare_state(plinth, profile)
    env = op.env(state) if op.env else {}
    wrk(plinth.base + op.path(state), op.script, max(profile.warmup_s, 5), env)
    jcmd = Path(args.java_home) / "bin" / "jcmd"
    run([str(jcmd), str(plinth.proc.pid), "JFR.start", "name=bench", "settings=profile"], timeout=60)
    m = Measure()
    m.add(wrk(plinth.base + op.path(state), op.script, 20, env))
    run([str(jcmd), str(plinth.proc.pid), "JFR.stop", "name=bench", f"filename={recording}"], timeout=120)
    plinth.stop()
    RUNNING.remove(plinth)
    summary = jfr_summary(args.java_home, recording)
    print(f"{op.name} on {db}: {m.rps:.1f} req/s while recording (p50 {statistics.mean(m.p50):.2f} ms)")
    print(summary.read_text())
    log(f"recording {recording}; summary {summary}")


# ---------------------------------------------------------------------------------------------- telemetry cost

TELEMETRY_OPS = ("get-by-id", "list-filter")
TELEMETRY_ON = ("--metrics", "--access-log")
TELEMETRY_OFF = ("--no-metrics", "--no-access-log")
TELEMETRY_WARMUP_S = 20
TELEMETRY_ROUNDS = 6


STUDIO_ON = ("--studio",)
STUDIO_OFF = ("--no-studio",)


def telemetry_cost(db, profile, launch, seed_data, work, logs):
    """What metrics and the access log cost: Plinth with --metrics --access-log (GET /metrics, http.server.requests,
    one access-log line per request written to its log file) against the same jar with --no-metrics
    --no-access-log, each on its own copy of the database, in ABBA rounds; returns {op: on/off ratio}."""
    def check(on, off):
        scrape = http("GET", on.base + "/metrics")
        if scrape.status != 200 or "http_server_requests_seconds_count" not in scrape.body.decode():
            raise BenchError(f"{db}: GET /metrics of the server with telemetry on did not answer its meters")
        if http("GET", off.base + "/metrics").status != 404:
            raise BenchError(f"{db}: the server with --no-metrics still answers GET /metrics")
    ratios = switch_cost("telemetry", TELEMETRY_ON, TELEMETRY_OFF, check, db, profile, launch, seed_data, work, logs)
    lines = sum(1 for line in (logs / f"plinth-telemetry-on-{db}.log").open(errors="replace") if "plinth.access" in line)
    log(f"{db}: the server with telemetry on wrote {lines:,} access-log lines")
    return ratios


def studio_cost(db, profile, launch, seed_data, work, logs):
    """What serving Plinth Studio costs the API: Plinth with --studio (the page, its files and its two endpoints
    registered) against the same jar with --no-studio, in ABBA rounds; returns {op: on/off ratio}."""
    def check(on, off):
        if http("GET", on.base + "/studio").status != 200:
            raise BenchError(f"{db}: the server with --studio does not answer GET /studio")
        if http("GET", off.base + "/studio").status != 404:
            raise BenchError(f"{db}: the server with --no-studio still answers GET /studio")
    return switch_cost("studio", STUDIO_ON, STUDIO_OFF, check, db, profile, launch, seed_data, work, logs)


def switch_cost(name, on_options, off_options, check, db, profile, launch, seed_data, work, logs):
    """Plinth with on_options against the same jar with off_options, each on its own copy of the database, on
    get-by-id and list-filter in ABBA rounds after check(on_server, off_server) passed; returns {op: on/off ratio}."""
    seed, companies, contacts = seed_data
    if db == "sqlite":
        pristine = prepare_sqlite(seed, companies, contacts, work / "data")
        urls = {side: f"file:{sqlite_copy(pristine, f'crm-{name}-{side}.db')}" for side in ("on", "off")}
    else:
        template = prepare_postgres(seed, companies, contacts, work / "data")
        urls = {side: pg_recreate(f"plinth_bench_{name}_{side}", template) for side in ("on", "off")}
    servers = []
    for side in ("on", "off"):
        server = launch.plinth(SCHEMA, urls[side], free_port(), logs / f"plinth-{name}-{side}-{db}.log",
                               options=on_options if side == "on" else off_options, name=f"{name}-{side}")
        RUNNING.append(server)
        server.start("/api/contacts/1")
        servers.append(server)
    check(servers[0], servers[1])
    states = {s.name: prepare_state(s, profile) for s in servers}
    ops = [op for op in operations(profile) if op.name in TELEMETRY_OPS]
    # A longer warm-up than the main benchmark's: the server pinned to one CPU was still compiling (C2)
    # after 5 s, and the server with more code on its request path compiles longer (finding 15).
    warm = dataclasses.replace(profile, warmup_s=max(profile.warmup_s, TELEMETRY_WARMUP_S)) if profile.warmup_s else profile
    # More rounds than the main benchmark's two: a difference of a few percent is the question here, and two
    # 5-second rounds per side moved get-by-id's ratio by ±0.07 between runs on the 2-core machine.
    if profile.warmup_s:
        warm = dataclasses.replace(warm, rounds=max(profile.rounds, TELEMETRY_ROUNDS))
    measured = measure_operations(servers, states, warm, ops)
    ratios = {}
    for op in ops:
        on, off = measured[op.name][f"{name}-on"], measured[op.name][f"{name}-off"]
        ratios[op.name] = on["rps"] / off["rps"] if off["rps"] else 0.0
        log(f"{db} {op.name:12} {name} on {fmt(on['rps']):>10} off {fmt(off['rps']):>10} ratio {ratios[op.name]:.2f}"
            f"  p50 on/off {on['p50_ms']}/{off['p50_ms']} ms")
    return ratios


# ---------------------------------------------------------------------------------------------- main

def bench_database(db, args, profile, launch, shared, seed_data, work, logs):
    seed, companies, contacts = seed_data
    res = {"contacts": profile.contacts, "memory_target_rows": profile.memory_page}
    if db == "sqlite":
        pristine = prepare_sqlite(seed, companies, contacts, work / "data")
        urls = {name: f"file:{sqlite_copy(pristine, f'crm-{name}.db')}" for name in PHASE_DATABASES}
    else:
        template = prepare_postgres(seed, companies, contacts, work / "data")
        urls = {name: pg_recreate(f"plinth_bench_{name.replace('-', '_')}", template) for name in PHASE_DATABASES}

    servers = []
    plinth = launch.plinth(SCHEMA, urls["run-plinth"], free_port(), logs / f"plinth-{db}.log",
                           extra=([f"-XX:StartFlightRecording=filename={work}/plinth-{db}.jfr,settings=profile,dumponexit=true"]
                                  if args.jfr else []))
    RUNNING.append(plinth)
    try:
        t = plinth.start("/api/contacts/1")
        log(f"{db}: Plinth serving after {t:.2f} s")
        servers.append(plinth)
    except BenchError as e:
        if not args.allow_reference_only:
            raise
        log(f"{db}: Plinth did not start; measuring the reference alone: {e}")
        res["reference_only"] = True
        res["plinth_error"] = str(e).splitlines()[0].split("; see ")[0]
        RUNNING.remove(plinth)
    reference = launch.reference(urls["run-reference"], free_port(), logs / f"reference-{db}.log")
    RUNNING.append(reference)
    t = reference.start("/api/contacts/1")
    log(f"{db}: reference serving after {t:.2f} s")
    servers.append(reference)
    if launch.prisma_js:
        prisma = launch.prisma(urls["run-prisma"], free_port(), logs / f"prisma-{db}.log")
        RUNNING.append(prisma)
        t = prisma.start("/api/contacts/1")
        log(f"{db}: Node + Prisma serving after {t:.2f} s")
        servers.append(prisma)

    states = {s.name: prepare_state(s, profile) for s in servers}
    res["differences"] = check_operations(servers, states, profile)
    for d in res["differences"]:
        log(f"{db}: WARNING {d}")
    ops = operations(profile)
    if args.only:
        ops = [op for op in ops if op.name in args.only]
    main_ops = [op for op in ops if op.phase == "main"]
    measured = measure_operations(servers, states, profile, main_ops)
    for s in servers:
        s.stop()
        RUNNING.remove(s)
    search_ops = [op for op in ops if op.phase == "search"]
    if search_ops:
        measured.update(measure_search(db, launch, urls, profile, logs, search_ops, [s.name for s in servers],
                                       res["differences"]))
    res["operations"] = {op.name: dict(measured[op.name], target=op.target) for op in ops}
    if launch.prisma_js:
        res["prisma_target"] = PRISMA_TARGET
    for s in servers:  # the size of one export answer, measured by check_operations, for export's MB/s
        if "export" in res["operations"] and s.name in res["operations"]["export"]:
            res["operations"]["export"][s.name]["answer_bytes"] = states[s.name].get("export_bytes")
    if "bulk-create" in res["operations"]:
        res["insert_floor"] = launch.insert_floor(urls["floor"], profile.floor_statements)
        log(f"{db}: the database alone inserts {res['insert_floor']['rows_per_s']:,.0f} rows/s in {BATCH}-row statements")
    # SQLite only: there one write connection bounds every write, so the database alone is what 5× must fit
    # under; on PostgreSQL the floor's one round trip per row would measure the network, not the database
    if "bulk-update" in res["operations"] and db == "sqlite":
        res["update_floor"] = launch.insert_floor(urls["floor"], profile.floor_statements, write="update")
        log(f"{db}: the database alone updates {res['update_floor']['rows_per_s']:,.0f} rows/s in {BATCH}-row bulk updates")
    res["derived"] = derived(res["operations"], res.get("insert_floor"), res.get("update_floor"))
    if args.only:
        return res
    if args.jfr and (work / f"plinth-{db}.jfr").exists():
        summary = jfr_summary(args.java_home, work / f"plinth-{db}.jfr")
        log(f"{db}: JFR summary in {summary}")
    names = [s.name for s in servers]
    res["memory"] = measure_memory(launch, urls, profile, logs, args.export_path, names)
    res["startup"] = measure_startup(launch, db, urls["startup"], shared, profile, logs, work, names)
    return res


def startup_only(db, profile, launch, shared, seed_data, work, logs):
    """`bench/run --startup`: the start-up phase of a full run alone (measure_startup), on the same CRM data, its
    rows printed."""
    seed, companies, contacts = seed_data
    if db == "sqlite":
        url = f"file:{sqlite_copy(prepare_sqlite(seed, companies, contacts, work / 'data'), 'crm-startup.db')}"
    else:
        url = pg_recreate("plinth_bench_startup_crm", prepare_postgres(seed, companies, contacts, work / "data"))
    names = ["plinth", "reference"] + (["prisma"] if launch.prisma_js else [])
    for row in measure_startup(launch, db, url, shared, profile, logs, work, names):
        print(f"{db}: {row['label']}: median {row.get('median_s')} s, min {row.get('min_s')} s, "
              f"RSS {row.get('rss_mb')} MiB, {row['runs']} run(s){', ' + row['error'] if row.get('error') else ''}")


def main():
    ap = argparse.ArgumentParser(description="Plinth's benchmark (see docs/benchmarks.md)")
    ap.add_argument("--smoke", action="store_true", help="tiny durations and data set: checks the harness works")
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"],
                    help="default: both; with --smoke, sqlite (to stay under a minute)")
    ap.add_argument("--out", help="results file (default: docs/benchmarks.md; target/bench/results-smoke.md "
                                  "with --smoke)")
    ap.add_argument("--jfr", action="store_true", help="record Plinth with JDK Flight Recorder during the run "
                                                       "(target/bench/plinth-<db>.jfr)")
    ap.add_argument("--export-path", default="/api/contacts?per_page=all",
                    help="Plinth's export request for the memory run")
    ap.add_argument("--profile", metavar="OPERATION",
                    help="instead of the benchmark: Plinth alone under one operation, recorded with JFR "
                         "(target/bench/profile-<operation>-<db>.jfr and .txt)")
    ap.add_argument("--allow-reference-only", action="store_true",
                    help="when Plinth cannot serve, measure the reference alone instead of failing")
    ap.add_argument("--only", metavar="OP[,OP…]", type=lambda v: [o for o in v.split(",") if o],
                    help="measure only these operations, skip the memory and start-up phases, and print the "
                         "ratios without writing any results file (for trying a change)")
    ap.add_argument("--telemetry-cost", action="store_true",
                    help="instead of the benchmark: Plinth with --metrics --access-log against "
                         "Plinth with --no-metrics --no-access-log on get-by-id and list-filter; prints the ratios")
    ap.add_argument("--studio-cost", action="store_true",
                    help="instead of the benchmark: Plinth with --studio against Plinth with --no-studio on "
                         "get-by-id and list-filter; prints the ratios")
    ap.add_argument("--startup", action="store_true",
                    help="measure only start-up (the servers' seconds to the first answer and their memory after it), "
                         "printed, no results file")
    ap.add_argument("--no-prisma", action="store_true",
                    help="leave out the Node + Prisma 7 server (bench/prisma; otherwise installed into "
                         "target/bench/prisma and measured beside the reference)")
    ap.add_argument("--java-home", required=True)
    args = ap.parse_args()
    if args.only:
        unknown = sorted(set(args.only) - {op.name for op in operations(FULL)})
        if unknown:
            ap.error(f"unknown operation(s) for --only: {', '.join(unknown)}")

    profile = SMOKE if args.smoke else FULL
    db_choice = args.db or ("sqlite" if args.smoke else "both")
    dbs = ["sqlite", "postgres"] if db_choice == "both" else [db_choice]
    shared = Path(os.environ.get("PLINTH_SHARED", ROOT.parent / "shared")).resolve()
    work = WORK
    logs = work / "logs"
    for d in (work / "data", logs):
        d.mkdir(parents=True, exist_ok=True)
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed (bench/run installs it)")
    if "postgres" in dbs and shutil.which("psql") is None:
        raise BenchError("psql is not installed: PostgreSQL's client is needed for --db postgres")
    java = str(Path(args.java_home) / "bin" / "java")
    jar = ROOT / "target" / "plinth.jar"
    if not jar.exists():
        raise BenchError(f"{jar} is missing (bench/run builds it)")
    launch = Launch(java, jar, compile_reference(args.java_home), JVM_FLAGS, prisma_servers(args, dbs))
    seed_data = generate(shared, profile)
    if args.telemetry_cost or args.studio_cost:
        cost = telemetry_cost if args.telemetry_cost else studio_cost
        for db in dbs:
            try:
                ratios = cost(db, profile, launch, seed_data, work, logs)
                print(f"{db}: " + ", ".join(f"{op} {ratio:.2f}" for op, ratio in ratios.items()))
            finally:
                stop_all()
        return
    single = (lambda db: startup_only(db, profile, launch, shared, seed_data, work, logs)) if args.startup else \
        (lambda db: profile_operation(db, args, profile, launch, seed_data, work, logs)) if args.profile else None
    if single:  # --startup or --profile: one phase per database, printed
        for db in dbs:
            try:
                single(db)
            finally:
                stop_all()
        return
    started = time.monotonic()
    report = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "profile": profile.name,
              "load_before": round(os.getloadavg()[0], 1),
              "contacts": profile.contacts, "companies": profile.companies, "machine": machine(),
              "versions": dict(versions(java, dbs), **({"prisma": prisma_versions()} if launch.prisma_js else {})),
              "jvm_flags": list(launch.jvm_flags), "warmup_s": profile.warmup_s,
              "round_s": profile.round_s, "rounds": profile.rounds, "databases": {}}
    for db in dbs:
        log(f"=== {db} ({profile.name})")
        try:
            report["databases"][db] = bench_database(db, args, profile, launch, shared, seed_data, work, logs)
        finally:
            stop_all()
    report["seconds"] = round(time.monotonic() - started, 1)
    if args.only:
        for db, res in report["databases"].items():
            for name, sides in res["operations"].items():
                p, r, n = sides.get("plinth"), sides.get("reference"), sides.get("prisma")
                ratio = f"{p['rps'] / r['rps']:.2f}" if p and r and r["rps"] else "-"
                over_prisma = prisma_ratio(sides)
                log(f"{db} {name:18} plinth {fmt(p['rps']) if p else '-':>10} reference "
                    f"{fmt(r['rps']) if r else '-':>10} ratio {ratio}"
                    + (f"  prisma {fmt(n['rps']):>10} plinth/prisma {fmt(over_prisma, 2)}" if n else "")
                    + "".join(f"  {side} p50/p99 {m['p50_ms']}/{m['p99_ms']} ms errors {m['non2xx'] + m['socket_errors']}"
                              for side, m in (("plinth", p), ("reference", r), ("prisma", n)) if m))
            for d in res.get("differences", []):
                log(f"{db} answer check: {d}")
            for line in res["derived"]:
                log(f"{db} {line}")
        return
    report["load_after"] = round(os.getloadavg()[0], 1)
    (work / f"results-{profile.name}.json").write_text(json.dumps(report, indent=2))
    out = Path(args.out) if args.out else (work / "results-smoke.md" if args.smoke else DOC)
    write_doc(out, report, dbs)
    print(render(report))
    log(f"done in {report['seconds']} s; results in {out}")


def prisma_servers(args, dbs):
    """{db: server.js} of the Node + Prisma server for each database, built now; None with --no-prisma, or when node
    or npm is missing or the build fails (said, and the run goes on without it), except under --smoke, which must
    check it. The runs
    of Plinth alone (--profile, --telemetry-cost, --studio-cost) need none."""
    if args.no_prisma or args.profile or args.telemetry_cost or args.studio_cost:
        return None
    missing = prisma_tools_missing()
    if missing:
        if args.smoke:
            raise BenchError(f"the Node + Prisma server cannot be built: {missing} (install Node.js 20 and npm, "
                             "or pass --no-prisma)")
        log(f"WARNING: the Node + Prisma server is left out: {missing}")
        return None
    try:
        return {db: prisma_build(db) for db in dbs}
    except BenchError as e:
        if args.smoke:
            raise
        log(f"WARNING: the Node + Prisma server is left out: it could not be built: {e}")
        return None


def on_signal(signum, frame):
    stop_all()
    sys.exit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        main()
    except BenchError as e:
        stop_all()
        log(f"FAILED: {e}")
        sys.exit(1)
    finally:
        stop_all()
