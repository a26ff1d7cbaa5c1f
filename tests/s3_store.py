"""An S3-protocol server for the tests: moto's standalone server on loopback, started once per
test process (each pytest-xdist worker has its own) on a free port; a fresh bucket per test.

Tests talk to it with boto3, the client the application uses, over real HTTP: nothing is mocked.
Use: `from tests.s3_store import s3, s3_server  # noqa: F401  (fixtures)` and ask for `s3`, which
switches the test's app to STORAGE_BACKEND=s3.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from reviewer.storage.s3 import client_for

CREDENTIALS = {"S3_ACCESS_KEY": "test-access", "S3_SECRET_KEY": "test-secret", "S3_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server running in this process (stopped at the end)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@dataclass
class Bucket:
    """The test's bucket and a boto3 client to look into it."""

    name: str
    client: object
    endpoint: str

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def multipart_uploads(self) -> list[dict]:
        return self.client.list_multipart_uploads(Bucket=self.name).get("Uploads", [])


def s3_settings(endpoint: str, bucket: str) -> dict:
    return {"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket, **CREDENTIALS}


@pytest.fixture
def s3(app, s3_server) -> Bucket:
    """The test's app stores its files in a new bucket of the moto server (the `app` fixture puts
    the configuration back afterwards)."""
    name = f"t-{uuid.uuid4().hex}"
    client = client_for(s3_server, CREDENTIALS["S3_ACCESS_KEY"], CREDENTIALS["S3_SECRET_KEY"],
                        CREDENTIALS["S3_REGION"])
    client.create_bucket(Bucket=name)
    app.config.update(s3_settings(s3_server, name))
    return Bucket(name, client, s3_server)


def plain_client(endpoint: str):
    """A boto3 client made the ordinary way (what an operator's script would use)."""
    return boto3.client("s3", endpoint_url=endpoint, region_name=CREDENTIALS["S3_REGION"],
                        aws_access_key_id=CREDENTIALS["S3_ACCESS_KEY"],
                        aws_secret_access_key=CREDENTIALS["S3_SECRET_KEY"])
