"""``policyqa bench --load``: the API under load, under a spec fuzzer and under faults -> eval/reports/reliability.md.

- Bursts: N new questions (distinct texts, so no query cache answers them) sent at once to a real ``policyqa
  serve`` on 127.0.0.1, each on its own connection: p50/p95/p99 of the answered, errors, 503s; then a burst
  beyond what the timeout allows, which must get only JSON 503s with Retry-After.
- Soak: new questions at a steady rate for minutes (open loop: each is sent at its time whether or not the
  earlier ones were answered, so a slow server cannot slow the load down and hide its own latency), with the
  server's RSS before and after.
- Fuzz: schemathesis ``--checks all`` against the same server, more examples and seeds than the suite runs.
- Faults: the fault tests (tests/store/test_faults.py and the others named in ``FAULT_TESTS``), run by pytest.

The load generator is an httpx asyncio script, not locust: a burst here is N requests released at one
instant, which asyncio.gather does exactly, while locust ramps users up at a spawn rate; and locust's users
wait for each answer before the next (closed loop), which under-reports latency when the server slows. The
server runs on a copy of the data dir, so the fuzzer's uploads never reach the user's own index.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from config import Settings
from eval.bench import percentiles

ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = (ROOT / "eval" / "gold.jsonl", ROOT / "eval" / "heldout.jsonl")  # never the sealed sets
# How people start and end a question: with the question files, thousands of distinct texts.
PREFIXES = ("", "请问", "想咨询一下，", "您好，", "麻烦问下：", "我想知道", "同事让我问：", "求助：")
SUFFIXES = ("", "？", "谢谢", "急！", "在线等", "有规定吗", "怎么处理", "（北京）")
ADMIN_TOKEN = "bench-load-token"

# The write faults of issue 14 (item 3) and the hostile uploads (item 4), each a test.
FAULT_TESTS = {
    "kill -9 during an ingest": "tests/store/test_durability.py::test_kill_during_indexing_leaves_the_served_index_intact_and_the_next_ingest_completes",
    "kill -9 during an add": "tests/store/test_faults.py::test_kill_during_an_add_leaves_the_served_index_and_the_next_add_completes",
    "kill -9 during a remove": "tests/store/test_faults.py::test_kill_during_a_remove_leaves_the_document_served_and_the_next_remove_completes",
    "a full disk during a build": "tests/store/test_faults.py::test_a_full_disk_during_a_build_leaves_the_served_index_and_the_next_build_completes",
    "the Chroma server stopped during a build": "tests/store/test_faults.py::test_the_chroma_server_stopped_during_a_build_leaves_the_served_index_and_the_next_build_completes",
    "the Chroma server stopped during serving": "tests/store/test_faults.py::test_the_chroma_server_stopped_during_serving_gets_json_503s_then_the_same_answers",
    "two adds at once": "tests/store/test_faults.py::test_two_adds_at_once_both_complete_one_after_the_other_and_nothing_is_lost",
    "a DOCX zip bomb (1 GB unpacked)": "tests/ingest/test_upload.py::test_a_docx_zip_bomb_is_refused_from_its_declared_size_without_inflating_it",
    "a PDF object bomb (2 M objects)": "tests/ingest/test_upload.py::test_a_pdf_object_bomb_is_refused_before_pypdf_reads_it",
    "size, page, text and clause limits": "tests/ingest/test_upload.py::test_each_hard_limit_is_a_413_naming_the_file",
    "a path in a file name": "tests/ingest/test_upload.py::test_a_name_is_only_ever_shown_never_a_path",
    "scripts in an uploaded page (stored)": "tests/ingest/test_upload.py::test_html_is_stored_without_scripts_handlers_iframes_or_javascript_links",
    "scripts in an uploaded page (the chat, in Chromium)": "tests/ui/test_browser.py::test_a_script_in_an_uploaded_page_never_runs_in_the_chat",
    "admin endpoints without a token": "tests/serve/test_uploads_api.py::test_without_a_token_uploads_are_off_and_a_wrong_token_is_refused",
    "an uploaded instruction to the LLM": "tests/answer/test_llm_uploads.py::test_an_uploaded_instruction_reaches_the_llm_only_as_marked_data",
}


def new_questions(count: int, start: int = 0) -> list[str]:
    """``count`` distinct question texts, from the ``start``-th on (disjoint ranges never repeat a text)."""
    bases = [json.loads(line)["question"] for path in QUESTION_FILES for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    variants = [(p, s) for s in SUFFIXES for p in PREFIXES]
    if start + count > len(bases) * len(variants):
        raise ValueError(f"only {len(bases) * len(variants)} distinct questions; ask for fewer")
    out = []
    for i in range(start, start + count):
        prefix, suffix = variants[i // len(bases)]
        out.append(f"{prefix}{bases[i % len(bases)]}{suffix}")
    return out


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    pid: int
    timeout_s: float

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


@contextmanager
def serving(settings: Settings, log: Callable[[str], None]) -> Iterator[Server]:
    """``policyqa serve`` on 127.0.0.1 over a copy of the data dir, ready to answer; stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="policyqa-load-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock", "scale", "test-index"))
        port = _free_port()
        env = {**os.environ, "POLICYQA_DATA_DIR": str(data), "POLICYQA_ADMIN_TOKEN": ADMIN_TOKEN, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "serve.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=open(Path(tmp) / "serve.log", "w"),  # noqa: SIM115
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"policyqa serve exited: {(Path(tmp) / 'serve.log').read_text()[-2000:]}")
                try:
                    if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("policyqa serve was not ready within 180 s")
                time.sleep(0.5)
            log(f"serving {data} at {url} (pid {proc.pid})")
            yield Server(url, proc.pid, settings.request_timeout_s)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ---------------------------------------------------------------- load


@dataclass
class Outcome:
    """One request: its status (0: no response), latency, and whether a refusal was JSON with Retry-After."""

    status: int
    latency_s: float
    json: bool
    retry_after: bool


@dataclass
class LoadResult:
    label: str
    sent: int
    wall_s: float
    outcomes: list[Outcome]
    rate: float | None = None  # requests per second offered (the soak)
    rss_before_mb: float | None = None
    rss_after_mb: float | None = None
    rss_samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds in, MB)

    @property
    def statuses(self) -> Counter[int]:
        return Counter(o.status for o in self.outcomes)

    @property
    def answered_ms(self) -> list[float]:
        return [o.latency_s * 1000 for o in self.outcomes if o.status == 200]

    @property
    def refused(self) -> int:
        return self.statuses[503]

    @property
    def refused_properly(self) -> bool:
        """Every 503 is JSON and carries Retry-After."""
        return all(o.json and o.retry_after for o in self.outcomes if o.status == 503)

    @property
    def errors(self) -> int:
        """Lost requests: no response, a 5xx other than the 503 refusal (504 included), or a body not JSON."""
        return sum(1 for o in self.outcomes if o.status == 0 or (o.status >= 500 and o.status != 503) or not o.json)


async def _ask(client: httpx.AsyncClient, question: str) -> Outcome:
    started = time.perf_counter()
    try:
        response = await client.post("/v1/ask", json={"question": question})
    except httpx.HTTPError:
        return Outcome(0, time.perf_counter() - started, False, False)
    latency = time.perf_counter() - started
    is_json = response.headers.get("content-type", "").startswith("application/json")
    if is_json:
        try:
            response.json()
        except ValueError:
            is_json = False
    return Outcome(response.status_code, latency, is_json, "retry-after" in response.headers)


def _client(server: Server, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=min(connections, 100))
    return httpx.AsyncClient(base_url=server.url, timeout=server.timeout_s * 4, limits=limits)


def burst(server: Server, questions: Sequence[str], label: str) -> LoadResult:
    """All ``questions`` sent at one instant, each on its own connection."""

    async def main() -> LoadResult:
        async with _client(server, len(questions)) as client:
            started = time.perf_counter()
            outcomes = await asyncio.gather(*(_ask(client, q) for q in questions))
            return LoadResult(label, len(questions), time.perf_counter() - started, list(outcomes))

    return asyncio.run(main())


def soak(server: Server, questions: Sequence[str], rate: float, log: Callable[[str], None]) -> LoadResult:
    """``questions`` sent at ``rate`` per second, each at its own time (open loop), RSS sampled every 10 s."""

    async def main() -> LoadResult:
        outcomes: list[Outcome] = []
        samples: list[tuple[float, float]] = []
        async with _client(server, 1000) as client:
            before = server.rss_mb()
            started = time.perf_counter()
            next_sample = 0.0

            async def one(at: float, question: str) -> None:
                await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
                outcomes.append(await _ask(client, question))

            tasks = [asyncio.create_task(one(i / rate, q)) for i, q in enumerate(questions)]
            while not all(t.done() for t in tasks):
                elapsed = time.perf_counter() - started
                if elapsed >= next_sample:
                    samples.append((elapsed, server.rss_mb()))
                    if len(samples) % 6 == 1:
                        log(f"  soak {elapsed:.0f} s: {len(outcomes)} done, RSS {samples[-1][1]:.0f} MB")
                    next_sample += 10
                await asyncio.sleep(0.5)
            wall = time.perf_counter() - started
            after = server.rss_mb()
        return LoadResult("soak", len(questions), wall, outcomes, rate, before, after, samples)

    return asyncio.run(main())


def warm_up(server: Server, questions: Sequence[str]) -> None:
    """One at a time: the model, jieba and Chroma warm, and the server's admission measures an answer."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for question in questions:
            client.post("/v1/ask", json={"question": question})


# ---------------------------------------------------------------- fuzz and faults


@dataclass
class FuzzResult:
    command: str
    seeds: list[int]
    lines: list[str]  # schemathesis's count line per seed
    failures: int
    operations: int
    available: bool = True


def fuzz(server: Server, examples: int, seeds: Sequence[int]) -> FuzzResult:
    binary = Path(sys.executable).with_name("schemathesis")
    config = ROOT / "tests" / "serve" / "schemathesis.toml"
    command = f"schemathesis --config-file {config.relative_to(ROOT)} run URL/openapi.json --checks all -H 'Authorization: Bearer …' --max-examples {examples} --seed S"
    operations = sum(len(m) for m in httpx.get(f"{server.url}/openapi.json").json()["paths"].values())
    if not binary.exists():
        return FuzzResult(command, list(seeds), [], 0, operations, available=False)
    lines, failures = [], 0
    for seed in seeds:
        done = subprocess.run(
            [str(binary), "--config-file", str(config), "--no-color", "run", f"{server.url}/openapi.json", "--checks", "all",
             "-H", f"Authorization: Bearer {ADMIN_TOKEN}", "--max-examples", str(examples), "--seed", str(seed),
             "--generation-database", "none"],
            check=False, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        found = re.findall(r"^\s*(\d+ generated,.*)$", done.stdout, flags=re.MULTILINE)
        lines.append(found[-1].strip() if found else done.stdout[-300:])
        failures += 0 if done.returncode == 0 else 1
    return FuzzResult(command, list(seeds), lines, failures, operations)


@dataclass
class FaultRow:
    fault: str
    test: str
    outcome: str  # passed / failed / error / not run
    seconds: float


def run_fault_tests(log: Callable[[str], None]) -> list[FaultRow]:
    """The fault tests, by pytest (the test extra); each one's outcome from the JUnit report."""
    try:
        import pytest  # noqa: F401
    except ImportError:
        return [FaultRow(f, t, "not run (install the test extra: make install-dev)", 0.0) for f, t in FAULT_TESTS.items()]
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "faults.xml"
        log(f"running {len(FAULT_TESTS)} fault tests…")
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *FAULT_TESTS.values()],
            check=False, cwd=ROOT, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        cases = {}
        if junit.exists():
            for case in ET.parse(junit).iter("testcase"):
                outcome = "passed"
                for child in case:
                    if child.tag in ("failure", "error"):
                        outcome = "FAILED" if child.tag == "failure" else "ERROR"
                    elif child.tag == "skipped":
                        outcome = "skipped"
                # a parametrized test reports each case as name[param]: the row holds the worst of them
                name = case.get("name", "").split("[")[0]
                earlier, seconds = cases.get(name, ("passed", 0.0))
                worst = outcome if earlier == "passed" else earlier
                cases[name] = (worst, seconds + float(case.get("time", 0)))
    rows = []
    for fault, test in FAULT_TESTS.items():
        outcome, seconds = cases.get(test.rpartition("::")[2], ("not run", 0.0))
        rows.append(FaultRow(fault, test, outcome, seconds))
    return rows


# ---------------------------------------------------------------- the report


@dataclass
class ReliabilityReport:
    timeout_s: float
    workers: int
    service_ms: float
    bursts: list[LoadResult]
    overload: LoadResult | None
    soak: LoadResult | None
    fuzz: FuzzResult | None
    faults: list[FaultRow]
    rss_ready_mb: float
    seconds: float


def _row(result: LoadResult) -> str:
    p = percentiles(result.answered_ms) if result.answered_ms else {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    others = ", ".join(f"{s}: {n}" for s, n in sorted(result.statuses.items()) if s not in (200, 503)) or "none"
    return (
        f"| {result.label} | {result.sent} | {result.wall_s:.1f} | {result.statuses[200]} | {p['p50']:.0f} | {p['p95']:.0f} | "
        f"{p['p99']:.0f} | {result.errors} | {result.refused} | {'yes' if result.refused_properly else 'NO'} | {others} |"
    )


UNPROTECTED = [
    ("One process answers: a burst beyond what one server answers within the timeout ({rate}, the "
    "GIL-bound ask path gains nothing from more threads) is refused with 503s; more capacity needs more "
    "processes (e.g. uvicorn workers, each with its own index in memory), which the admission does not span."),
    ("Admission estimates the time per request from recent traffic: the first burst after a start (nothing measured "
    "yet) is admitted on a prior of 0.1 s per request, and a sudden change in cost (an LLM turned slow) is followed "
    "within ~100 requests (the average is weighted to ride out a burst's own passing slowdown); requests admitted "
    "before that may still end in 504."),
    ("The bound on open requests (2,000) holds bodies of up to 64 KB (1 MB for the chat): a flood of large bodies "
    "can still take ~2 GB before it is refused; a reverse proxy's limits belong in front of a public server."),
    ("No authentication on the reading and answering routes, and no per-client rate limit: anyone who reaches the "
    "port can use the whole capacity. The API listens on 127.0.0.1 by default."),
    ("While the Chroma server (store=http) is down, answers are 503s, not answers from BM25 alone; a stream that "
    "has started ends with an error event instead."),
    "A full disk is reported and loses nothing, but nothing frees space: an add or ingest fails until a person does.",
    ("The fuzzer's uploads are random bytes: schemathesis reaches the refusal paths of POST /v1/documents; "
    "accepted uploads are exercised by tests/serve/test_uploads_api.py, not by the fuzzer."),
]


def render_reliability(report: ReliabilityReport) -> str:
    lines = [
        "# Reliability: load, fuzz, faults",
        "",
        (f"`policyqa bench --load` on this machine ({os.cpu_count()} cores), {time.strftime('%Y-%m-%d')}, "
        f"{report.seconds / 60:.0f} min in all. A real `policyqa serve` on 127.0.0.1 over a copy of the data dir: "
        f"{report.workers} worker threads, request timeout {report.timeout_s:g} s (queue wait included), "
        f"one ask measured at {report.service_ms:.0f} ms when alone. Server RSS when ready: {report.rss_ready_mb:.0f} MB."),
        "",
        "## Bursts",
        "",
        ("Each burst is N new questions (distinct texts from eval/gold.jsonl and eval/heldout.jsonl with people's own "
        "openings and endings, so the query caches cannot answer them) sent at one instant by an httpx asyncio client, "
        "each on its own connection. Latency is from sending to the whole response, in ms, over the answered (200). "
        "Errors: no response, a 5xx other than the 503 refusal (a 504 counts), or a body not JSON."),
        "",
        "| load | requests | wall s | answered | p50 ms | p95 ms | p99 ms | errors | 503 | 503s JSON + Retry-After | other statuses |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *[_row(b) for b in report.bursts],
    ]
    if report.overload is not None:
        lines.append(_row(report.overload))
        lines += [
            "",
            (f"The last row is a burst beyond capacity: the gate admits while the expected wait (the queue ahead × the "
            f"measured time per request) plus one answer fits in {report.timeout_s:g} s and refuses the rest at once."),
        ]
    if report.soak is not None:
        s = report.soak
        growth = (s.rss_after_mb - s.rss_before_mb) / s.rss_before_mb * 100 if s.rss_before_mb else 0.0  # type: ignore[operator]
        peak = max((mb for _, mb in s.rss_samples), default=0.0)
        lines += [
            "",
            "## Soak",
            "",
            (f"New questions at a steady {s.rate:g} per second for {s.wall_s / 60:.1f} min (open loop: each sent at its "
            "time, whatever the earlier ones), after the bursts."),
            "",
            "| rate /s | duration | sent | answered | p50 ms | p95 ms | p99 ms | errors | 503 | RSS before MB | RSS after MB | growth | peak MB |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        p = percentiles(s.answered_ms) if s.answered_ms else {"p50": 0.0, "p95": 0.0, "p99": 0.0}
        lines.append(
            f"| {s.rate:g} | {s.wall_s:.0f} s | {s.sent} | {s.statuses[200]} | {p['p50']:.0f} | {p['p95']:.0f} | {p['p99']:.0f} | "
            f"{s.errors} | {s.refused} | {s.rss_before_mb:.0f} | {s.rss_after_mb:.0f} | {growth:+.1f}% | {peak:.0f} |"
        )
        lines += ["", "RSS every minute (MB): " + ", ".join(f"{mb:.0f}" for t, mb in s.rss_samples if int(t) % 60 < 10)]
    if report.fuzz is not None:
        f = report.fuzz
        lines += ["", "## Fuzz", ""]
        if not f.available:
            lines.append("schemathesis is not installed (the test extra): not run.")
        else:
            lines += [
                (f"schemathesis `--checks all` on all {f.operations} operations (the admin ones with the token, uploads "
                f"included), seeds {', '.join(map(str, f.seeds))}: `{f.command}`. The rules a JSON schema cannot "
                "state are listed with their reason in tests/serve/schemathesis.toml. The suite runs one seed with "
                "fewer examples (tests/serve/test_fuzz.py)."),
                "",
                *[f"- seed {seed}: {line}" for seed, line in zip(f.seeds, f.lines, strict=True)],
                "",
                f"Runs with a failure: {f.failures}.",
            ]
    if report.faults:
        lines += [
            "",
            "## Faults and hostile files",
            "",
            ("Each is a test in the suite (integration tier); this run's outcome. Each write fault must leave the served "
            "index answering as before and the next run complete."),
            "",
            "| fault | test | outcome | s |",
            "|---|---|---|---|",
            *[f"| {r.fault} | `{r.test}` | {r.outcome} | {r.seconds:.0f} |" for r in report.faults],
        ]
    served = max(report.bursts, key=lambda b: b.sent, default=None)
    rate = f"{served.statuses[200] / served.wall_s:.0f} asks/s here" if served and served.wall_s else "unmeasured"
    items = [UNPROTECTED[0].format(rate=rate), *UNPROTECTED[1:]]
    lines += ["", "## Still unprotected", "", *[f"- {item}" for item in items], ""]
    return "\n".join(lines)


def run_reliability(
    settings: Settings,
    bursts: Sequence[int] = (50, 200, 500),
    overload: int | None = 1500,
    soak_s: float = 600,
    soak_rate: float = 10,
    fuzz_examples: int = 100,
    fuzz_seeds: Sequence[int] = (1, 2, 3),
    faults: bool = True,
    log: Callable[[str], None] = print,
) -> ReliabilityReport:
    started = time.perf_counter()
    offset = 0

    def take(count: int) -> list[str]:
        nonlocal offset
        out = new_questions(count, offset)
        offset += count
        return out

    with serving(settings, log) as server:
        rss_ready = server.rss_mb()
        warm = take(20)
        warm_up(server, warm)
        with httpx.Client(base_url=server.url, timeout=60) as client:
            alone = []
            for question in take(20):
                t0 = time.perf_counter()
                client.post("/v1/ask", json={"question": question})
                alone.append((time.perf_counter() - t0) * 1000)
        service_ms = statistics.median(alone)
        results = []
        for size in bursts:
            results.append(burst(server, take(size), f"burst {size}"))
            log(f"burst {size}: {dict(results[-1].statuses)} in {results[-1].wall_s:.1f} s")
            time.sleep(2)
        over = None
        if overload:
            over = burst(server, take(overload), f"burst {overload} (beyond capacity)")
            log(f"burst {overload}: {dict(over.statuses)} in {over.wall_s:.1f} s")
            time.sleep(5)
        soaked = None
        if soak_s > 0:
            log(f"soak: {soak_rate:g}/s for {soak_s:.0f} s")
            soaked = soak(server, take(int(soak_s * soak_rate)), soak_rate, log)
            log(f"soak: {dict(soaked.statuses)}; RSS {soaked.rss_before_mb:.0f} → {soaked.rss_after_mb:.0f} MB")
        fuzzed = None
        if fuzz_examples > 0:
            log(f"fuzz: schemathesis, {fuzz_examples} examples per operation, seeds {list(fuzz_seeds)}")
            fuzzed = fuzz(server, fuzz_examples, fuzz_seeds)
    fault_rows = run_fault_tests(log) if faults else []
    return ReliabilityReport(
        settings.request_timeout_s, settings.max_concurrency, service_ms, results, over, soaked, fuzzed, fault_rows,
        rss_ready, time.perf_counter() - started,
    )  # fmt: skip


def write_reliability_report(report: ReliabilityReport, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "reliability.md"
    path.write_text(render_reliability(report), encoding="utf-8")
    return path
