package io.miniredis.sample.browser;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Headless Chromium driven over the DevTools protocol, as a person would use a page: it types into fields and
 * clicks at the buttons' positions (real input events), then reads the DOM.
 *
 * <p>Why not {@code --dump-dom --virtual-time-budget}: virtual time does not advance while a request is open, and
 * the page keeps its Server-Sent Events stream open, so that dump never comes; without the budget it comes before
 * the page's fetches have answered. Here every wait is a real-time poll of a condition, bounded.
 */
final class Chromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    /** The browser to use: {@code -Dchromium=/path}, {@code $CHROMIUM}, or chromium / chromium-browser on the PATH. */
    static Optional<Path> find() {
        for (String configured : new String[] {System.getProperty("chromium"), System.getenv("CHROMIUM")}) {
            if (configured != null && !configured.isBlank()) {
                return Optional.of(Path.of(configured)).filter(Files::isExecutable);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static Chromium launch(Path executable, Path userDataDir) throws Exception {
        Path log = userDataDir.resolve("chromium.log");
        Process process = new ProcessBuilder(
                        executable.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1280,1100",
                        "--user-data-dir=" + userDataDir,
                        "--remote-debugging-port=0",
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int port = devToolsPort(userDataDir, process, log);
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String pageSocket = null;
            for (JsonNode target : JSON.readTree(targets)) {
                if ("page".equals(target.path("type").asString())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asString();
                    break;
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium has no page target: " + targets);
            }
            return new Chromium(process, http, URI.create(pageSocket));
        } catch (Exception | AssertionError e) {
            kill(process);
            throw e;
        }
    }

    /** Chromium writes the port it picked to DevToolsActivePort in its profile directory. */
    private static int devToolsPort(Path userDataDir, Process process, Path log) throws Exception {
        Path portFile = userDataDir.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within " + START_TIMEOUT);
    }

    private Chromium(Process process, HttpClient http, URI pageSocket) throws Exception {
        this.process = process;
        this.socket = http.newWebSocketBuilder()
                .connectTimeout(CALL_TIMEOUT)
                .buildAsync(pageSocket, new Listener())
                .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        call("Runtime.enable", Map.of());
        call("Page.enable", Map.of());
    }

    /** Receives DevTools messages, which may come in several parts. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonNode node = JSON.readTree(message.toString());
                message.setLength(0);
                received(node);
            }
            webSocket.request(1);
            return null;
        }
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
        } else if ("Runtime.exceptionThrown".equals(message.path("method").asString())) {
            pageErrors.add(message.at("/params/exceptionDetails").toString());
        } else if ("Runtime.consoleAPICalled".equals(message.path("method").asString())
                && "error".equals(message.at("/params/type").asString())) {
            pageErrors.add(message.at("/params/args").toString());
        }
    }

    /** One DevTools command; its result, or an AssertionError with the protocol's error. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("method", method);
        command.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(command), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        waitFor(
                "document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url),
                Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("JavaScript failed: " + expression + "\n" + result.get("exceptionDetails"));
        }
        return result.at("/result/value");
    }

    String text(String selector) throws Exception {
        return evaluate("(document.querySelector(" + quote(selector) + ")?.textContent ?? '').trim()")
                .asString();
    }

    /** Polls a JavaScript condition until it holds; fails with the page's text when it does not in time. */
    void waitFor(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (evaluate("!!(" + condition + ")").asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not true within " + timeout + ": " + condition + "\nPage text:\n"
                        + evaluate("document.body.innerText").asString());
            }
            Thread.sleep(50);
        }
    }

    /** Clicks into a field, empties it and types the text. */
    void type(String selector, String text) throws Exception {
        click(selector);
        evaluate("document.querySelector(" + quote(selector) + ").select?.()");
        call(
                "Input.dispatchKeyEvent",
                Map.of("type", "keyDown", "key", "Backspace", "code", "Backspace", "windowsVirtualKeyCode", 8));
        call(
                "Input.dispatchKeyEvent",
                Map.of("type", "keyUp", "key", "Backspace", "code", "Backspace", "windowsVirtualKeyCode", 8));
        call("Input.insertText", Map.of("text", text));
    }

    /** A left click at the middle of the element, as the mouse would. */
    void click(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e) return null; e.scrollIntoView({block: 'center'});"
                + " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        if (box == null || box.isNull() || box.isMissingNode()) {
            throw new AssertionError("No element " + selector);
        }
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        call(
                "Input.dispatchMouseEvent",
                Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        call(
                "Input.dispatchMouseEvent",
                Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** Chooses an option of a select element by value, as picking it from the list would. */
    void select(String selector, String value) throws Exception {
        evaluate("(() => { const e = document.querySelector(" + quote(selector) + "); e.value = " + quote(value)
                + "; e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asString()));
    }

    /** Uncaught exceptions and console errors the page reported. */
    List<String> pageErrors() {
        return new ArrayList<>(pageErrors);
    }

    static String quote(String s) {
        return JSON.writeValueAsString(s);
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            kill(process);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
