"""The engine's memory image (assets/calculator/engine-image.js, issue 13): on a first visit the engine's
memory, taken before it has seen any record, is kept in this browser's Cache Storage once it has
answered, and the next visit starts the engine from it instead of starting Python again. The figures
must be the engine's own either way, the image must hold nothing the person entered, and a damaged
image must cost nothing but the time saved."""

import base64
import json

import pytest

from calculator import score
from tests.browser import ui

TONGLU = "zhejiang-tonglu-2018"
RECORD = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": 5}, "category": "professional"},
    {"kind": "online_course", "params": {"credits": 20}, "category": "public_general"},
    {"kind": "paper", "params": {"journal": "core", "first_author": True}}]}
# A second record whose scoring needs modules the first did not (the multi-year checks): they are
# imported from the restored engine's files, not from its memory.
HISTORY = {"format": 1, "policy": TONGLU, "target_year": 2024, "years": [
    {"year": 2023, "activities": [{"kind": "face_training", "params": {"days": 10}, "category": "professional"}]},
    {"year": 2024, "activities": [{"kind": "online_course", "params": {"credits": 30}, "category": "public_general"}]}]}


def share_path(record):
    data = base64.urlsafe_b64encode(json.dumps(record, ensure_ascii=False).encode("utf-8")).decode("ascii")
    return f"calculator/?policy={record['policy']}#r={data.rstrip('=')}"


def visit(context, site_url, record):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site_url + share_path(record))
    ui.wait_ready(page)
    page.wait_for_selector(".jx-results[data-state='ok']", timeout=ui.READY_TIMEOUT)
    return page


def image_state(page):
    return page.locator(ui.ROOT).get_attribute("data-engine-image")


def test_a_revisit_starts_from_the_first_visits_image_with_the_same_figures(contexts, compiled_policies, site_url):
    policy = compiled_policies[TONGLU]
    context = contexts()
    first = visit(context, site_url, RECORD)
    assert ui.shown(first) == ui.expected(score(policy, RECORD))
    ui.wait_until(first, "() => document.querySelector('#jx-calc').dataset.engineImage === 'stored'")
    first.close()

    again = visit(context, site_url, RECORD)
    assert image_state(again) == "restored"
    assert ui.shown(again) == ui.expected(score(policy, RECORD))
    assert not again.errors
    other = visit(context, site_url, HISTORY)
    assert image_state(other) == "restored"
    ui.wait_until(other, "() => document.querySelector('.jx-ytable tbody tr')")
    assert ui.shown_history(other) == ui.expected_history(score(policy, HISTORY))
    assert not first.errors and not other.errors


# Two ways an image can be damaged: bytes that are not an image at all, and an image whose snapshot
# Pyodide refuses (its first bytes, the snapshot's magic number, overwritten).
DAMAGE = ["not-an-image", "refused-by-pyodide"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_image_is_dropped_and_the_engine_starts_from_scratch(contexts, compiled_policies, site_url, damage):
    context = contexts()
    first = visit(context, site_url, RECORD)
    ui.wait_until(first, "() => document.querySelector('#jx-calc').dataset.engineImage === 'stored'")
    first.evaluate("""async (damage) => {
        const cache = await caches.open("jxjy-engine-image");
        const [key] = await cache.keys();
        const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
        if (damage === "not-an-image") {
            bytes.fill(7);
        } else {  // the first stored page starts with the snapshot's header
            const count = new Uint32Array(bytes.buffer, 0, 3)[2];
            bytes.fill(7, 12 + 4 * count, 12 + 4 * count + 16);
        }
        await cache.put(key, new Response(bytes));
    }""", damage)
    first.close()

    again = visit(context, site_url, RECORD)
    assert image_state(again) == "none"
    assert ui.shown(again) == ui.expected(score(compiled_policies[TONGLU], RECORD))
    assert not again.errors
    # and a good image replaces the damaged one
    ui.wait_until(again, "() => document.querySelector('#jx-calc').dataset.engineImage === 'stored'")
    third = visit(context, site_url, RECORD)
    assert image_state(third) == "restored"


def stored_image(page):
    """The bytes of the image kept in this browser (packed: engine-image.js, without its zero pages)."""
    text = page.evaluate("""async () => {
        const cache = await caches.open("jxjy-engine-image");
        const [key] = await cache.keys();
        const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
        let out = "";
        for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(out);
    }""")
    return base64.b64decode(text)


def test_the_image_holds_nothing_the_person_entered(contexts, site_url):
    # The image is taken before the engine has seen a record: a name typed into the record (kept by
    # Python as Latin-1, UCS-2 or UTF-8 text, depending on the other characters) is not in it.
    marker = "Privacy-Marker-Qx7Zw9"
    record = {**RECORD, "activities": [{**RECORD["activities"][0], "name": f"{marker} 县卫健局业务培训"},
                                       {**RECORD["activities"][1], "name": marker}]}
    context = contexts()
    page = visit(context, site_url, record)
    ui.wait_until(page, "() => document.querySelector('#jx-calc').dataset.engineImage === 'stored'")
    image = stored_image(page)
    assert len(image) > 1_000_000 and b"calculator" in image  # an image of the engine indeed
    for encoding in ("latin-1", "utf-16-le", "utf-8"):
        assert marker.encode(encoding) not in image, encoding


def test_the_batch_page_makes_no_image_and_the_calculator_does(contexts, site_url):
    # The image is taken just before a calculator's first request; 单位批量核对 never sends one, so its
    # engine keeps no image, while a calculator in the same browser does.
    context = contexts()
    batch = context.new_page()
    batch.goto(site_url + f"batch/?policy={TONGLU}")
    batch.wait_for_selector("#jx-batch[data-engine='ready']", timeout=ui.READY_TIMEOUT)
    batch.wait_for_timeout(2500)  # more than the idle time after which a calculator's image is stored
    kept = "async () => (await (await caches.open('jxjy-engine-image')).keys()).length"
    assert batch.locator("#jx-batch").get_attribute("data-engine-image") == "none" and batch.evaluate(kept) == 0
    calculator = visit(context, site_url, RECORD)
    ui.wait_until(calculator, "() => document.querySelector('#jx-calc').dataset.engineImage === 'stored'")
    assert calculator.evaluate(kept) == 1
