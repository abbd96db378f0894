"""Starts the Ember kernel with the real jupyter_client, from a kernelspec installed into a
temporary prefix, and runs one named scenario against it; exits 0 when every check held.

    python kernel_session.py EMBER_BINARY SCENARIO
"""

import base64
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from queue import Empty

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def install_kernelspec(ember, prefix):
    """`ember kernel install --prefix` into a temporary folder Jupyter is pointed at."""
    subprocess.run([ember, "kernel", "install", "--prefix", prefix, "--name", "ember-test"], check=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")


def run(client, code, timeout=TIMEOUT, allow_stdin=False):
    """Executes `code`; returns the reply and the iopub messages it caused (up to idle)."""
    msg_id = client.execute(code, allow_stdin=allow_stdin)
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=timeout)
    outputs = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply, outputs


def of_type(outputs, kind):
    return [m for m in outputs if m["msg_type"] == kind]


def stdout_text(outputs):
    return "".join(m["content"]["text"] for m in of_type(outputs, "stream") if m["content"]["name"] == "stdout")


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def png_size(data):
    """Width and height of a PNG, read from its IHDR after checking the signature and every CRC."""
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature")
    offset = 8
    size = None
    pixels = b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        expect(zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}")
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        if kind == b"IDAT":
            pixels += body
        offset += 12 + length
    width, height = size
    raw = zlib.decompress(pixels)
    expect(len(raw) == height * (1 + 3 * width), f"{len(raw)} bytes of pixels for {width}x{height} RGB")
    return width, height


def scenario_execute(client):
    reply, outputs = run(client, "x = 6 * 7\nprint('x is', x)\nx")
    expect(reply["content"]["status"] == "ok", reply["content"])
    count = reply["content"]["execution_count"]
    expect(stdout_text(outputs) == "x is 42\n", stdout_text(outputs))
    results = of_type(outputs, "execute_result")
    expect(len(results) == 1 and results[0]["content"]["data"]["text/plain"] == "42", results)
    expect(results[0]["content"]["execution_count"] == count, results)
    inputs = of_type(outputs, "execute_input")
    expect(inputs and inputs[0]["content"]["execution_count"] == count, inputs)
    # A silent input broadcasts nothing and takes no number.
    msg_id = client.execute("quiet = 1\nprint('not shown')\nquiet", silent=True)
    reply = client.get_shell_msg(timeout=TIMEOUT)
    expect(reply["content"]["execution_count"] == count, reply["content"])
    while True:
        msg = client.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            expect(msg["msg_type"] == "status", msg)
            if msg["content"]["execution_state"] == "idle":
                break
    reply, outputs = run(client, "Out[%d] + quiet" % count)
    expect(reply["content"]["execution_count"] == count + 1, reply["content"])
    expect(of_type(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "43", outputs)


def scenario_block(client):
    code = "total = 0\nfor i in range(4):\n    total = total + i\n    print(i)\ntotal"
    reply, outputs = run(client, code)
    expect(reply["content"]["status"] == "ok", reply["content"])
    expect(stdout_text(outputs) == "0\n1\n2\n3\n", stdout_text(outputs))
    expect(of_type(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "6", outputs)


def scenario_error(client):
    reply, outputs = run(client, "a = 1\nb = a + undefined_name")
    content = reply["content"]
    expect(content["status"] == "error", content)
    expect(content["ename"] == "NameError", content)
    errors = of_type(outputs, "error")
    expect(len(errors) == 1, outputs)
    traceback = errors[0]["content"]["traceback"]
    expect(traceback[0].startswith("2:") and "NameError" in traceback[0], traceback)
    expect(traceback[1].strip() == "b = a + undefined_name", traceback)
    expect(traceback[2].strip().startswith("^"), traceback)
    # The statement before the error ran and its variable stayed.
    reply, outputs = run(client, "a")
    expect(of_type(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "1", outputs)


def request(client, send, reply_type, *args, **kwargs):
    msg_id = send(*args, **kwargs)
    while True:
        reply = client.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            expect(reply["msg_type"] == reply_type, reply["msg_type"])
            return reply["content"]


def scenario_complete(client):
    run(client, "net = Sequential(Linear(2, 3), ReLU())\nlearning_rate = 0.1")
    content = request(client, client.complete, "complete_reply", "lear")
    expect(content["matches"] == ["learning_rate"], content)
    expect((content["cursor_start"], content["cursor_end"]) == (0, 4), content)
    code = "y = net[0].we"
    content = request(client, client.complete, "complete_reply", code, len(code))
    expect("weight" in content["matches"] and content["cursor_start"] == len(code) - 2, content)
    code = "Conv2d(1, 4, ker"
    content = request(client, client.complete, "complete_reply", code, len(code))
    expect("kernel_size=" in content["matches"], content)


def scenario_inspect(client):
    content = request(client, client.inspect, "inspect_reply", "Linear(", 7)
    expect(content["found"] and "Linear(" in content["data"]["text/plain"], content)
    content = request(client, client.inspect, "inspect_reply", "no_such_thing", 4)
    expect(not content["found"], content)


def scenario_is_complete(client):
    cases = {
        "x = 1": "complete",
        "for i in range(3):": "incomplete",
        "x = (1,": "incomplete",
        "x = )": "invalid",
    }
    for code, status in cases.items():
        content = request(client, client.is_complete, "is_complete_reply", code)
        expect(content["status"] == status, (code, content))
    content = request(client, client.is_complete, "is_complete_reply", "if True:")
    expect(content["indent"] == "    ", content)


def scenario_interrupt(client, manager):
    run(client, "kept = 'still here'")
    msg_id = client.execute("n = 0\nwhile True:\n    n = n + 1")
    time.sleep(1.5)
    manager.interrupt_kernel()
    reply = client.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=TIMEOUT)
    expect(reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt", reply)
    reply, outputs = run(client, "print(kept, n > 0)")
    expect(stdout_text(outputs) == "still here True\n", outputs)


def scenario_signal(client, manager):
    """SIGINT, as a front end with interrupt_mode signal sends it, stops a loop the same way."""
    msg_id = client.execute("m = 0\nwhile True:\n    m = m + 1")
    time.sleep(1.5)
    manager.signal_kernel(signal.SIGINT)
    reply = client.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=TIMEOUT)
    expect(reply["content"]["ename"] == "KeyboardInterrupt", reply["content"])
    # A second signal while idle neither ends the kernel nor stops the next input.
    manager.signal_kernel(signal.SIGINT)
    time.sleep(0.3)
    reply, outputs = run(client, "m > 0")
    expect(of_type(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "True", outputs)


def scenario_stdin(client):
    msg_id = client.execute("name = input('Your name? ')\nprint('hello', name)", allow_stdin=True)
    ask = client.get_stdin_msg(timeout=TIMEOUT)
    expect(ask["msg_type"] == "input_request" and ask["content"]["prompt"] == "Your name? ", ask)
    expect(ask["parent_header"]["msg_id"] == msg_id, ask)
    client.input("Ada")
    reply = client.get_shell_msg(timeout=TIMEOUT)
    expect(reply["content"]["status"] == "ok", reply["content"])
    reply, outputs = run(client, "name")
    expect(of_type(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'Ada'", outputs)
    reply, outputs = run(client, "input()")
    expect(reply["content"]["status"] == "error" and "allow_stdin" in reply["content"]["evalue"], reply)


def scenario_robustness(client, manager):
    """Garbage, a wrong signature and ill-typed fields are dropped or tolerated; the kernel lives."""
    socket = client.shell_channel.socket
    session = client.session
    socket.send_multipart([b"no delimiter at all"])
    socket.send_multipart([b"<IDS|MSG>", b"sig", b"{not json", b"{}", b"{}", b"{}"])
    forged = session.msg("execute_request", content={"code": "forged = 1", "silent": False})
    frames = session.serialize(forged)
    frames[frames.index(b"<IDS|MSG>") + 1] = b"0" * 64
    socket.send_multipart(frames)
    # Correctly signed, but nested deeper than any parser should follow.
    frames = session.serialize(session.msg("execute_request", content={"code": "deep = 1"}))
    split = frames.index(b"<IDS|MSG>")
    body = frames[split + 2 : split + 5] + [b"[" * 200000 + b"]" * 200000]
    socket.send_multipart(frames[: split + 1] + [session.sign(body)] + body)
    bad = session.msg("complete_request", content={"code": 5, "cursor_pos": "x"})
    session.send(socket, bad)
    reply = client.get_shell_msg(timeout=TIMEOUT)
    expect(reply["msg_type"] == "complete_reply", reply)
    session.send(socket, session.msg("no_such_request", content={}))
    reply, outputs = run(client, "forged")
    expect(reply["content"]["ename"] == "NameError", reply["content"])
    expect(manager.is_alive(), "the kernel died")


def png_of(message):
    return base64.b64decode(message["content"]["data"]["image/png"])


def scenario_image(client):
    reply, outputs = run(client, "img = cat([zeros(28, 14), ones(28, 14)], 1)\nshow(img, caption='half')")
    displays = of_type(outputs, "display_data")
    expect(reply["content"]["status"] == "ok" and len(displays) == 1, outputs)
    data = displays[0]["content"]["data"]
    expect("half" in data["text/plain"], data["text/plain"])
    png = png_of(displays[0])
    # Eight times the 28 x 28 image, nearest neighbour: the left half black, the right white.
    width, height = png_size(png)
    expect((width, height) == (224, 224), (width, height))
    row = zlib.decompress(b"".join(png_chunks(png, b"IDAT")))[: 1 + 3 * width]
    expect(row[0] == 0 and row[1:4] == b"\x00\x00\x00" and row[-3:] == b"\xff\xff\xff", row[:8])
    # Four images in a row with a one-pixel frame, scaled four times.
    reply, outputs = run(client, "show(randn(4, 1, 28, 28))")
    expect(png_size(png_of(of_type(outputs, "display_data")[0])) == (4 * 117, 4 * 30), outputs)
    for code in ["hist(randn(200), bins=10)", "plot([3, 1, 2], [1, 2, 3])"]:
        reply, outputs = run(client, code)
        displays = of_type(outputs, "display_data")
        expect(len(displays) == 1 and "text/plain" in displays[0]["content"]["data"], (code, outputs))
        png_size(png_of(displays[0]))
    reply, outputs = run(client, "tensor([[1, 2], [3, 4]])")
    data = of_type(outputs, "execute_result")[0]["content"]["data"]
    expect("<table" in data["text/html"] and "shape [2, 2]" in data["text/html"], data)


def png_chunks(png, kind):
    offset, found = 8, []
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        if png[offset + 4 : offset + 8] == kind:
            found.append(png[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return found


def scenario_fit(client):
    code = (
        "digits = mnist('test')\nnet = Sequential(Flatten(), Linear(784, 10))\n"
        "h = fit(net, digits[0:256], epochs=2, batch_size=32)"
    )
    reply, outputs = run(client, code, timeout=300)
    expect(reply["content"]["status"] == "ok", reply["content"])
    kinds = [m["msg_type"] for m in outputs if m["msg_type"] not in ("execute_input", "status")]
    expect(kinds[0] == "display_data", kinds)
    display_id = of_type(outputs, "display_data")[0]["content"]["transient"]["display_id"]
    updates = of_type(outputs, "update_display_data")
    expect(len(updates) >= 1, kinds)
    expect(all(u["content"]["transient"]["display_id"] == display_id for u in updates), updates)
    expect("epoch 2/2" in updates[-1]["content"]["data"]["text/plain"], updates[-1])
    text = stdout_text(outputs)
    expect(text.startswith("epoch 1  loss") and "\nepoch 2  loss" in text, text)
    expect(kinds.index("stream") > kinds.index("display_data"), kinds)
    reply, outputs = run(client, "predict(net, digits[0])")
    data = of_type(outputs, "execute_result")[0]["content"]["data"]
    expect("predicted" in data["text/plain"], data)
    png_size(base64.b64decode(data["image/png"]))
    reply, outputs = run(client, "evaluate(net, digits[0:100])")
    data = of_type(outputs, "execute_result")[0]["content"]["data"]
    expect("accuracy" in data["text/plain"] and "<table>" in data["text/html"], data)
    expect(png_size(base64.b64decode(data["image/png"])) == (480, 480), "a 10 x 10 heat map of 16-pixel cells, scaled 3 times")


def scenario_restart(client, manager):
    run(client, "before = 1")
    manager.restart_kernel(now=False)
    client.wait_for_ready(timeout=TIMEOUT)
    reply, _ = run(client, "before")
    expect(reply["content"]["status"] == "error" and reply["content"]["ename"] == "NameError", reply["content"])
    manager.shutdown_kernel(now=False)
    expect(not manager.is_alive(), "the kernel is still running after shutdown")


SCENARIOS = {
    "execute": scenario_execute,
    "block": scenario_block,
    "error": scenario_error,
    "complete": scenario_complete,
    "inspect": scenario_inspect,
    "is_complete": scenario_is_complete,
    "interrupt": scenario_interrupt,
    "restart": scenario_restart,
    "signal": scenario_signal,
    "image": scenario_image,
    "fit": scenario_fit,
    "stdin": scenario_stdin,
    "robustness": scenario_robustness,
}
NEEDS_MANAGER = {"interrupt", "restart", "signal", "robustness"}


def main():
    ember, name = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as prefix:
        install_kernelspec(ember, prefix)
        manager, client = start_new_kernel(kernel_name="ember-test", startup_timeout=TIMEOUT)
        try:
            if name in NEEDS_MANAGER:
                SCENARIOS[name](client, manager)
            else:
                SCENARIOS[name](client)
        finally:
            client.stop_channels()
            if manager.is_alive():
                manager.shutdown_kernel(now=True)
    print(f"{name}: passed")


if __name__ == "__main__":
    main()
