"""The two document stores the tests run against: a local directory, and S3 on a real S3-compatible server
process (moto in server mode, on a free port, for the session). Import the fixtures in a test module."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BUCKET = "dialogue-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1, the AWS_* variables pointing at it, and the test bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "eu-west-3",
        "AWS_ENDPOINT_URL": endpoint,
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3")
    # moto's backends live in the test process: a second module's server already holds the bucket.
    if BUCKET not in {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}:
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    try:
        yield endpoint
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(params=["file", "s3"])
def document_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Each test using it runs on the local directory store, then on S3 (moto)."""
    from dialogue.documents.storage import store_from_url, use_store

    if request.param == "file":
        url = Path(tmp_path_factory.mktemp("documents")).as_uri()
    else:
        request.getfixturevalue("s3_endpoint")
        url = f"s3://{BUCKET}/run-{os.getpid()}"
    store = store_from_url(url)
    previous = use_store(store)
    try:
        yield store
    finally:
        use_store(previous)
