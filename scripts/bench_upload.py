"""Benchmark the tus upload of a hearing recording: a 2 GiB file through the standard client `tuspy`.

Generates a random file (default 2 GiB) in a temporary directory, starts the real app under
gunicorn on 127.0.0.1 (its own SQLite database, upload root and job-queue file in that directory;
one gthread worker, as scripts/serve.sh runs each worker), logs in as a liaison, and `--rounds`
times (default 3) uploads the file with tuspy: creation (POST with the hearing's details), then
PATCHes of `--chunk-mb` (default 64) from a source evicted from the page cache. The time includes
the final SHA-256 check, the server's fsync and the move into storage. With `--front nginx` the
upload goes through nginx configured as docs/deploy-nginx.conf (streamed, not spooled). With
`--storage s3` the app stores into an S3 bucket (STORAGE_BACKEND=s3): the endpoint given by
`--s3-endpoint` (with S3_ACCESS_KEY/S3_SECRET_KEY from the environment), else moto's server
started as its own process on loopback (its CPU is not the app's); compare with a `--storage
local` run in the same session.

It prints every round and then the median MB/s, the CPU the worker spent per GiB, and the worker's
memory: RSS before the first upload and peak RSS (VmHWM) after the last. The goal (≥ 110 MB/s, a
saturated 1 Gbit/s link; memory growth < 64 MB) is judged on the measured figures and printed;
the exit status is 0 when both are met. Everything it creates is deleted at the end.

    .venv/bin/python scripts/bench_upload.py [--size-gb 2] [--chunk-mb 64] [--rounds 3] [--front nginx]
                                             [--storage s3 [--s3-endpoint URL]]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts import live_app  # noqa: E402

MB = 1024 * 1024
GOAL_MB_PER_S = 110  # 1 Gbit/s
GOAL_GROWTH_MB = 64


def evict(path: Path) -> None:
    """Flush `path` and drop it from the page cache, so the next reader reads the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    client_max_body_size 0;
    proxy_read_timeout 900s;
    server {{
        listen 127.0.0.1:{port};
        location ~ ^/hearings/uploads(/[0-9a-f]+)?$ {{
            client_max_body_size 0;
            proxy_request_buffering off;
            proxy_set_header Host $host:{port};
            proxy_pass http://127.0.0.1:{app_port};
        }}
        location / {{
            proxy_set_header Host $host:{port};
            proxy_pass http://127.0.0.1:{app_port};
        }}
    }}
}}
"""


def start_nginx(work: Path, port: int, app_port: int):
    """The front server of docs/deploy-nginx.conf, on a loopback port, for this run only."""
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, port=port, app_port=app_port))
    os.chmod(work, 0o755)
    (work / "nginx-body").mkdir(exist_ok=True)
    os.chmod(work / "nginx-body", 0o777)
    subprocess.run(["nginx", "-c", str(conf)], check=True)
    return conf


def make_random_file(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        left = size
        block = os.urandom(16 * MB)
        while left > 0:
            # vary the block cheaply so the file is not one repeated pattern
            block = os.urandom(64) + block[64:]
            n = min(left, len(block))
            fh.write(block[:n])
            left -= n


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def nginx_worker(work: Path) -> int:
    master = int((work / "nginx.pid").read_text())
    return int(Path(f"/proc/{master}/task/{master}/children").read_text().split()[0])


def memory_kb(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def upload(session: live_app.Session, base: str, court_id: int, source: Path, chunk: int, index: int) -> float:
    """One tus upload of `source` (creation + PATCHes); seconds until the last answer."""
    from tusclient import client as tus_client

    client = tus_client.TusClient(base + "/hearings/uploads", headers=session.tus_headers())
    uploader = client.uploader(str(source), chunk_size=chunk,
                               metadata=session.tus_metadata(court_id, f"（2021）豫0802民初{index + 1}号"))
    start = time.perf_counter()
    uploader.upload()
    elapsed = time.perf_counter() - start
    if uploader.offset != source.stat().st_size:
        raise RuntimeError(f"upload stopped at {uploader.offset}")
    return elapsed


def start_s3(endpoint: str | None) -> tuple[dict, subprocess.Popen | None]:
    """The app's S3 settings with a new bucket; starts moto's server when no endpoint is given."""
    process = None
    if endpoint is None:
        port = live_app.free_port()
        process = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1",
                                    "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        endpoint = f"http://127.0.0.1:{port}"
    settings = {"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": f"bench-{os.getpid()}",
                "S3_ACCESS_KEY": os.environ.get("S3_ACCESS_KEY", "bench"),
                "S3_SECRET_KEY": os.environ.get("S3_SECRET_KEY", "bench"), "S3_REGION": "us-east-1"}
    client = s3_client(settings)
    for _ in range(100):  # until the server answers
        try:
            client.create_bucket(Bucket=settings["S3_BUCKET"])
            return settings, process
        except Exception:  # not listening yet
            time.sleep(0.1)
    raise RuntimeError(f"no S3 server at {endpoint}")


def s3_client(settings: dict):
    import boto3

    return boto3.client("s3", endpoint_url=settings["S3_ENDPOINT_URL"], region_name=settings["S3_REGION"],
                        aws_access_key_id=settings["S3_ACCESS_KEY"], aws_secret_access_key=settings["S3_SECRET_KEY"])


def take_stored(work: Path, s3: dict | None) -> list[int]:
    """Sizes of the stored recordings, which are then deleted (one copy at a time)."""
    if s3 is None:
        stored = [p for p in (work / "uploads" / "hearings").rglob("*") if p.is_file()]
        sizes = [p.stat().st_size for p in stored]
        for p in stored:
            p.unlink()
        return sizes
    client, bucket = s3_client(s3), s3["S3_BUCKET"]
    items = client.list_objects_v2(Bucket=bucket, Prefix="hearings/").get("Contents", [])
    for item in items:
        client.delete_object(Bucket=bucket, Key=item["Key"])
    return [item["Size"] for item in items]


def measure(session, base, court_id, source, chunk, index, work, worker, front_pid, s3=None) -> dict:
    evict(source)
    cpu_before = cpu_seconds(worker), front_pid and cpu_seconds(front_pid)
    client_before = time.process_time()
    elapsed = upload(session, base, court_id, source, chunk, index)
    client_cpu = time.process_time() - client_before
    size = source.stat().st_size
    figures = {"round": index + 1, "seconds": round(elapsed, 2), "mb_per_s": round(size / MB / elapsed, 1),
               "app_cpu_seconds": round(cpu_seconds(worker) - cpu_before[0], 2),
               "client_cpu_seconds": round(client_cpu, 2)}
    if front_pid:
        figures["nginx_cpu_seconds"] = round(cpu_seconds(front_pid) - cpu_before[1], 2)
    if take_stored(work, s3) != [size]:
        raise RuntimeError("stored file missing or of the wrong size")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=2.0)
    parser.add_argument("--chunk-mb", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where to put the temporary files (same disk as uploads)")
    parser.add_argument("--front", choices=["none", "nginx"], default="none",
                        help="nginx: through nginx as in docs/deploy-nginx.conf")
    parser.add_argument("--storage", choices=["local", "s3"], default="local")
    parser.add_argument("--s3-endpoint", default=None, help="an S3 server to use (default: moto, started here)")
    args = parser.parse_args()
    size = int(args.size_gb * 1024 * MB)
    work = Path(tempfile.mkdtemp(prefix="bench-upload-", dir=args.dir))
    server = front = moto = s3 = None
    try:
        if args.storage == "s3":
            s3, moto = start_s3(args.s3_endpoint)
        env = live_app.app_env(work, HEARING_MAX_BYTES=str(size * 2), **(s3 or {}))
        court_id = live_app.setup_database(env)
        source = work / "source.bin"
        print(f"生成 {size / MB:.0f} MB 随机文件……", flush=True)
        make_random_file(source, size)
        port = app_port = live_app.free_port()
        server = live_app.start_gunicorn(env, app_port)
        if args.front == "nginx":
            port = live_app.free_port()
            front = start_nginx(work, port, app_port)
        session = live_app.Session("127.0.0.1", port)
        session.login()
        session.get("/hearings/new")  # warm up
        worker = live_app.worker_pid(server.pid)
        before = memory_kb(worker)
        front_pid = nginx_worker(work) if front is not None else None
        rounds = []
        for index in range(args.rounds):
            rounds.append(measure(session, session.base, court_id, source, args.chunk_mb * MB, index,
                                  work, worker, front_pid, s3))
            print(json.dumps(rounds[-1], ensure_ascii=False), flush=True)
        after = memory_kb(worker)
        growth_mb = (after["VmHWM"] - before["VmRSS"]) / 1024
        median = statistics.median(r["mb_per_s"] for r in rounds)
        results = {
            "front": args.front, "storage": args.storage, "size_mb": round(size / MB), "chunk_mb": args.chunk_mb, "rounds": len(rounds),
            "mb_per_s_median": median, "mb_per_s_min": min(r["mb_per_s"] for r in rounds),
            "mb_per_s_max": max(r["mb_per_s"] for r in rounds),
            "app_cpu_seconds_per_gib": round(statistics.median(r["app_cpu_seconds"] for r in rounds)
                                             / (size / 1024 / MB), 2),
            "worker_rss_before_mb": round(before["VmRSS"] / 1024, 1),
            "worker_peak_rss_after_mb": round(after["VmHWM"] / 1024, 1),
            "worker_peak_growth_mb": round(growth_mb, 1),
            "load_average_1_5_15": [round(x, 1) for x in os.getloadavg()],  # a shared machine slows every figure
        }
        print(json.dumps(results, ensure_ascii=False, indent=2))
        speed_ok, memory_ok = median >= GOAL_MB_PER_S, growth_mb < GOAL_GROWTH_MB
        print(f"吞吐中位数 {median} MB/s（目标 ≥ {GOAL_MB_PER_S}）：{'达到' if speed_ok else '未达到'}；"
              f"内存增长 {growth_mb:.1f} MB（目标 < {GOAL_GROWTH_MB}）：{'达到' if memory_ok else '未达到'}")
        return 0 if speed_ok and memory_ok else 1
    finally:
        if front is not None:
            subprocess.run(["nginx", "-c", str(work / "nginx.conf"), "-s", "stop"], check=False)
        live_app.stop(server)
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
