package io.miniredis.scripting;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import party.iroiro.luajava.Lua;

/**
 * Lua scripting for one server: the engine, the script cache (SHA1 to compiled function), and EVAL/EVALSHA/SCRIPT's
 * work. Created on the keyspace thread at the first use; the Lua state is only ever touched by that thread, where
 * scripts run inline (see server.KeyspaceLoop for how a busy one still lets other clients in).
 */
public final class Scripting implements AutoCloseable {

    public static final String BUSY_SCRIPT =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    public static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    static final String KILLED = "ERR Script killed by user with SCRIPT KILL...";
    static final String LOAD_TIMEOUT = "ERR FUNCTION LOAD timeout";
    private static final System.Logger LOG = System.getLogger(Scripting.class.getName());
    static final String WRITE_FLAG_WITH_RO = "ERR Can not execute a script with write flag using *_ro command.";
    static final String NO_ALLOW_OOM =
            "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";

    private final ScriptHost server;
    private final LuaEngine engine;
    private final RedisLuaApi api;
    private final LuaToReply toReply;
    /** EVAL scripts by SHA1: never evicted, as in Redis 7.0; SCRIPT FLUSH empties it. */
    private final Map<String, CachedScript> scripts = new LinkedHashMap<>();
    /**
     * The compiled scripts live in a Lua table of their own (by {@link CachedScript#index}), not in the registry:
     * SCRIPT FLUSH drops the whole table, where freed registry slots would keep the registry's array at its largest.
     */
    private int scriptTableRef;

    private int lastScriptIndex;
    /** Runs since the last incremental garbage collection step (see {@link #GC_STEP_RUNS}). */
    private int runsSinceGcStep;
    /**
     * Every this many runs the collector takes a step of {@link #GC_STEP_KB}, as Redis does after its scripts: the
     * garbage of small scripts (KEYS, ARGV, their strings) is freed at the pace it is made, so the Lua heap stays
     * flat instead of swinging up to twice its live size between automatic cycles.
     */
    private static final int GC_STEP_RUNS = 50;

    private static final int GC_STEP_KB = 50;
    private long scriptBodyBytes;
    private final FunctionLibraries functions;
    /** The run in progress, for SCRIPT KILL and FUNCTION STATS (which may arrive while it is busy). */
    private ScriptRun running;
    /**
     * Where a script's result is written before it goes to the caller (so that an error result can become the
     * command's error); one each, since scripts never run inside scripts.
     */
    private ByteBuf resultBuffer = Unpooled.buffer(256);

    private final Reply resultReply = new Reply(error -> {
        if (running != null) {
            running.errors.add(error);
        }
    });
    /** busy-reply-threshold, in nanoseconds (never busy when it is 0). */
    private long busyAfterNanos;
    /** Set from any thread when the server stops: the running script, if any, is stopped as if killed. */
    private volatile boolean shuttingDown;
    /**
     * How often a busy script lets clients in, at most: the hook also runs at every coroutine a script creates, and
     * a nested event-loop run (a system call at least) there would be too often.
     */
    private static final long EVENTS_INTERVAL_NANOS = 500_000;
    /** The hook raises at every instruction (a script was stopped): {@link #disarmHook} before the next run. */
    private boolean hookArmed;

    public Scripting(ScriptHost server) {
        this.server = server;
        this.engine = new LuaEngine();
        this.api = new RedisLuaApi(server, engine, this::pollOften);
        this.toReply = new LuaToReply(engine);
        var C = engine.C;
        long L = engine.L;
        C.lua_createtable(L, 0, 4);
        engine.setFunction("hook", this::hook);
        C.lua_pushnumber(L, LuaEngine.MEMORY_LIMIT_BYTES);
        C.lua_setfield(L, -2, "memory_limit");
        C.lua_pushnumber(L, LuaEngine.HOOK_PERIOD);
        C.lua_setfield(L, -2, "hook_period");
        C.lua_createtable(L, 0, 5);
        // a long pattern match asks, as the count hook does, whether the script must stop (and lets clients in)
        new LuaPatternLibrary(engine, new LuaPatterns(this::pollOften), LuaEngine.MEMORY_LIMIT_BYTES).register();
        C.lua_setfield(L, -2, "patterns");
        C.lua_setglobal(L, "__mr_java");
        C.lua_createtable(L, 0, 24);
        api.register();
        C.lua_setglobal(L, "redis");
        C.lua_createtable(L, 0, 12);
        new LuaBitLibrary(engine).register();
        C.lua_setglobal(L, "bit");
        C.lua_createtable(L, 0, 12);
        new LuaJsonLibrary(engine).register();
        C.lua_setglobal(L, "cjson");
        C.lua_createtable(L, 0, 4);
        C.lua_setglobal(L, "struct");
        C.lua_createtable(L, 0, 4);
        C.lua_setglobal(L, "cmsgpack");
        engine.runTrusted(LuaSandbox.PRELUDE, "=sandbox");
        engine.internals(engine.ref());
        newScriptTable();
        this.functions = new FunctionLibraries(server, engine, this);
        engine.collectAllGarbage(); // what building the sandbox left behind: used_memory_lua starts from the live heap
        busyThreshold(server.config().get("busy-reply-threshold"));
        server.config().onChange("busy-reply-threshold", this::busyThreshold);
    }

    private void busyThreshold(String millis) {
        long threshold = Long.parseLong(millis);
        busyAfterNanos = threshold <= 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(threshold);
    }

    LuaEngine engine() {
        return engine;
    }

    RedisLuaApi api() {
        return api;
    }

    // ---- EVAL / EVALSHA ----

    /**
     * A cached EVAL script: its compiled function, and the flags its shebang line declares (null for a script
     * without one, which runs by the pre-7.0 rules).
     */
    private record CachedScript(int index, Set<FunctionLibraries.Flag> flags) {}

    private void newScriptTable() {
        engine.C.lua_createtable(engine.L, 0, 0);
        scriptTableRef = engine.ref();
        lastScriptIndex = 0;
    }

    /** Pushes the compiled function of a cached script. */
    private void pushScript(CachedScript script) {
        engine.pushRef(scriptTableRef);
        engine.C.lua_rawgeti(engine.L, -1, script.index());
        engine.C.lua_remove(engine.L, -2);
    }

    /**
     * EVAL / EVALSHA / EVAL_RO / EVALSHA_RO, their arguments parsed by the command: {@code script} is the body, or
     * the SHA1 when {@code bySha}.
     */
    public void eval(
            ClientSession caller,
            byte[][] argv,
            byte[] script,
            byte[][] keys,
            byte[][] args,
            boolean bySha,
            boolean readOnlyCommand) {
        String sha;
        CachedScript cached;
        if (bySha) {
            sha = new String(script, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            cached = scripts.get(sha);
            if (cached == null) {
                throw new RedisError(NOSCRIPT);
            }
        } else {
            sha = RedisLuaApi.sha1(script);
            cached = scripts.get(sha);
            if (cached == null) {
                cached = compile(sha, script);
            }
        }
        ScriptRun run;
        if (cached.flags() == null) {
            run = new ScriptRun(caller, sha, false, readOnlyCommand);
        } else {
            run = declaredFlagsRun(caller, sha, false, cached.flags(), readOnlyCommand);
        }
        run.argv = argv;
        CachedScript compiled = cached;
        execute(caller, run, BUSY_SCRIPT, () -> {
            pushScript(compiled);
            setGlobals(keys, args);
            return 0;
        });
    }

    /**
     * The run of a script that declares its flags (a function, or an EVAL script with a shebang line), after Redis's
     * checks before it starts: a script that may write is refused by the *_RO commands, and (unless it says {@code
     * allow-oom}) when the command that runs it found memory over {@code maxmemory}. The dispatcher refuses most such
     * calls before this (see {@link #deniedOnOom}); this catches the ones inside EXEC.
     */
    ScriptRun declaredFlagsRun(
            ClientSession caller,
            String name,
            boolean function,
            Set<FunctionLibraries.Flag> flags,
            boolean readOnlyCommand) {
        boolean noWrites = flags.contains(FunctionLibraries.Flag.NO_WRITES);
        boolean allowOom = flags.contains(FunctionLibraries.Flag.ALLOW_OOM);
        if (!noWrites) {
            if (readOnlyCommand) {
                throw new RedisError(WRITE_FLAG_WITH_RO);
            }
            if (!allowOom && server.outOfMemoryAtCommandStart()) {
                throw new RedisError(NO_ALLOW_OOM);
            }
        }
        ScriptRun run = new ScriptRun(caller, name, function, noWrites);
        run.allowOom = allowOom;
        return run;
    }

    /**
     * The flags this EVAL / EVALSHA's script declares in its shebang line, or null for a script without one (Redis's
     * eval compatibility mode: none of the per-call rules apply), an invalid shebang or an unknown SHA1 (the command
     * itself answers with its error).
     */
    public static Set<FunctionLibraries.Flag> declaredFlags(Scripting scripting, byte[][] argv, boolean bySha) {
        if (argv.length < 2) {
            return null;
        }
        if (bySha) {
            CachedScript script = scripting == null
                    ? null
                    : scripting.scripts.get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            return script == null ? null : script.flags();
        }
        if (!ScriptShebang.present(argv[1])) {
            return null;
        }
        try {
            return ScriptShebang.parse(argv[1]);
        } catch (RedisError invalid) {
            return null;
        }
    }

    /** SCRIPT LOAD: compiles and caches; the SHA1 either way. */
    public String load(byte[] body) {
        String sha = RedisLuaApi.sha1(body);
        if (!scripts.containsKey(sha)) {
            compile(sha, body);
        }
        return sha;
    }

    public boolean exists(byte[] sha) {
        return scripts.containsKey(new String(sha, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    /** SCRIPT FLUSH: forgets every EVAL script and frees what they held. */
    public void flush() {
        engine.unref(scriptTableRef);
        newScriptTable();
        scripts.clear();
        scriptBodyBytes = 0;
        engine.collectAllGarbage();
    }

    public int scriptCount() {
        return scripts.size();
    }

    /** Bytes of the cached scripts' source, for INFO's used_memory_scripts_eval. */
    public long scriptBytes() {
        return scriptBodyBytes;
    }

    public long luaMemoryBytes() {
        return engine.memoryBytes();
    }

    public FunctionLibraries functions() {
        return functions;
    }

    /** SCRIPT KILL / FUNCTION KILL: asks the running script to stop; the error text when it cannot. */
    public String kill(boolean function) {
        ScriptRun run = running;
        if (run == null) {
            return "NOTBUSY No scripts in execution right now.";
        }
        if (run.wrote) {
            return "UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
                    + "either wait the script termination or kill the server in a hard way using the SHUTDOWN "
                    + "NOSAVE command.";
        }
        if (run.function != function) {
            // Redis answers with the BUSY error that names the other KILL
            return run.function ? BUSY_FUNCTION : BUSY_SCRIPT;
        }
        run.killRequested = true;
        return null;
    }

    /** The run in progress, or null (FUNCTION STATS). */
    ScriptRun running() {
        return running;
    }

    /**
     * Compiles and caches a script. A shebang line is checked first, then left out of the code compiled (its newline
     * kept, so that line numbers stay those of the script as sent); the SHA1 is the whole body's either way.
     */
    private CachedScript compile(String sha, byte[] body) {
        var C = engine.C;
        long L = engine.L;
        Set<FunctionLibraries.Flag> flags = null;
        byte[] code = body;
        if (ScriptShebang.present(body)) {
            flags = ScriptShebang.parse(body);
            code = Arrays.copyOfRange(body, ScriptShebang.codeStart(body), body.length);
        }
        engine.pushInternal("compile");
        engine.pushBytes(L, code);
        C.luaJ_pushstring(L, "@user_script");
        if (C.lua_pcall(L, 2, 2, 0) != 0) {
            String error = engine.toText(L, -1);
            C.lua_settop(L, 0);
            throw new RedisError("ERR Error compiling script (new function): " + error);
        }
        if (C.lua_type(L, -2) == LuaEngine.TNIL) {
            String error = engine.toText(L, -1);
            C.lua_settop(L, 0);
            throw new RedisError("ERR Error compiling script (new function): " + error);
        }
        C.lua_settop(L, -2);
        engine.pushRef(scriptTableRef);
        C.lua_insert(L, -2);
        C.lua_rawseti(L, -2, ++lastScriptIndex);
        C.lua_settop(L, -2);
        CachedScript script = new CachedScript(lastScriptIndex, flags);
        scripts.put(sha, script);
        scriptBodyBytes += body.length;
        return script;
    }

    /** Sets the KEYS and ARGV globals for an EVAL (raw sets: the globals table refuses new entries otherwise). */
    private void setGlobals(byte[][] keys, byte[][] args) {
        var C = engine.C;
        long L = engine.L;
        engine.pushInternal("globals");
        engine.pushConstant(L, "KEYS");
        pushArray(keys);
        C.lua_rawset(L, -3);
        engine.pushConstant(L, "ARGV");
        pushArray(args);
        C.lua_rawset(L, -3);
        C.lua_settop(L, -2);
    }

    /** Pushes a Lua array of the strings (KEYS, ARGV, a function's keys and args). */
    void pushArray(byte[][] values) {
        var C = engine.C;
        long L = engine.L;
        C.lua_createtable(L, values.length, 0);
        for (int i = 0; i < values.length; i++) {
            engine.pushBytes(L, values[i]);
            C.lua_rawseti(L, -2, i + 1);
        }
    }

    /** What pushes the function to call, then its arguments, returning how many arguments it pushed. */
    interface Prepare {
        int push();
    }

    /**
     * Runs a script or function for {@code c}, inline on the keyspace thread. Past busy-reply-threshold its hook
     * lets the other clients in ({@link #hook}), who then get {@code busyError} until it ends.
     */
    void execute(ClientSession caller, ScriptRun run, String busyError, Prepare prepare) {
        ByteBuf out = resultBuffer;
        out.clear();
        Reply result = resultReply;
        result.protocol(caller.protocol());
        result.target(out);
        run.outOfMemory = server.outOfMemoryAtCommandStart();
        run.busyError = busyError;
        run.busyAfterNanos = busyAfterNanos;
        running = run;
        try {
            runScript(run, prepare, result);
        } finally {
            running = null;
            if (run.busy) {
                run.caller.inBusyScript(false);
                server.busyScriptError(null); // runs what waited for the script (client clean-ups, timeouts)
            }
        }
        Reply reply = caller.reply();
        boolean topLevelError = out.isReadable() && out.getByte(0) == '-';
        int counted = run.errors.size() - (topLevelError ? 1 : 0);
        for (int i = 0; i < counted; i++) {
            server.stats().errorReplied(run.errors.get(i));
        }
        if (out.capacity() > 64 * 1024) {
            resultBuffer = Unpooled.buffer(256); // a huge result once must not stay allocated
        }
        if (topLevelError) {
            throw new RedisError(run.errors.get(run.errors.size() - 1));
        }
        reply.buffer().writeBytes(out);
    }

    /** Pushes, calls, converts the result (or the error) into {@code result}. */
    private void runScript(ScriptRun run, Prepare prepare, Reply result) {
        var C = engine.C;
        long L = engine.L;
        api.begin(run);
        try {
            C.lua_settop(L, 0);
            engine.pushInternal("handler");
            int args = prepare.push();
            if (C.lua_pcall(L, args, 1, 1) != 0) {
                result.error(errorText(run));
            } else {
                toReply.writeResult(L, -1, result, run.resp);
            }
        } catch (RuntimeException bug) {
            result.error("ERR internal error while running a script: " + bug);
        } finally {
            C.lua_settop(L, 0);
            api.end();
            disarmHook();
            if (run.killRequested || engine.memoryKilobytes() > LuaEngine.MEMORY_LIMIT_BYTES / 2048) {
                engine.collectGarbage();
            } else if (++runsSinceGcStep >= GC_STEP_RUNS) {
                runsSinceGcStep = 0;
                engine.stepGarbageCollector(GC_STEP_KB);
            }
        }
    }

    /**
     * The error reply for a failed script: {@code <err> script: <name>, on <source>:<line>.} A stopped script says
     * so whatever error value finally got out (an error handler may have replaced it). Fields are read raw: a
     * metamethod of the error value must not run outside a protected call.
     */
    private String errorText(ScriptRun run) {
        var C = engine.C;
        long L = engine.L;
        String stopped = stopReason(run);
        if (C.lua_type(L, -1) != LuaEngine.TTABLE) {
            String text = engine.toText(L, -1);
            return stopped != null
                    ? stopped + " script: " + run.name
                    : "ERR " + (text == null ? "unknown error" : text);
        }
        String err = stopped != null ? stopped : rawStringField(L, "err");
        String source = rawStringField(L, "source");
        String line = rawStringField(L, "line");
        StringBuilder text = new StringBuilder(err == null ? "ERR unknown error" : err);
        text.append(" script: ").append(run.name);
        if (source != null) {
            text.append(", on ").append(source).append(':').append(line).append('.');
        }
        return text.toString();
    }

    private String rawStringField(long L, String name) {
        var C = engine.C;
        C.luaJ_pushstring(L, name);
        C.lua_rawget(L, -2);
        String value = engine.toText(L, -1);
        C.lua_settop(L, -2);
        return value;
    }

    /**
     * The count hook, every {@link LuaEngine#HOOK_PERIOD} instructions of any Lua thread (see the prelude's {@code
     * hook}): lets other clients in once the script is busy, and answers the text of the error that must stop the
     * script (a kill, the server stopping, FUNCTION LOAD's timeout), or nothing to go on. The prelude then raises
     * that error before every further instruction, so that no pcall, error handler or coroutine can catch it for
     * good, as Redis does by re-arming its hook on every line.
     */
    private int hook(Lua l) {
        long p = l.getPointer();
        String stop = poll();
        if (stop != null) {
            hookArmed = true;
            engine.pushString(p, stop);
            return 1;
        }
        if (engine.memoryBytes() > LuaEngine.MEMORY_LIMIT_BYTES) {
            return api.raise(
                    p,
                    "ERR Script used more memory than the Lua memory limit of " + (LuaEngine.MEMORY_LIMIT_BYTES >> 20)
                            + " MB");
        }
        return 0;
    }

    /**
     * Whether the Lua code running now must stop (a kill, the server stopping, FUNCTION LOAD's timeout): the error
     * text to stop it with, or null to go on. A script past busy-reply-threshold first lets the other clients in
     * (at most every {@link #EVENTS_INTERVAL_NANOS}), which is when SCRIPT KILL arrives. Asked by the count hook,
     * by every redis.call (a script that spends its time in commands runs few Lua instructions) and by long
     * pattern matches.
     */
    String poll() {
        ScriptRun run = api.current();
        if (run == null) {
            return shuttingDown ? KILLED : functions != null && functions.loadTimedOut() ? LOAD_TIMEOUT : null;
        }
        String stop = stopReason(run);
        if (stop != null) {
            return stop;
        }
        return busyCheck(run);
    }

    /**
     * {@link #poll} for the frequent askers (every redis.call, every 4096 steps of a pattern match): the stop flags
     * every time, the clock (busy-reply-threshold) at every 8th question, a nanosecond clock read being a fair part
     * of a redis.call's cost.
     */
    String pollOften() {
        ScriptRun run = api.current();
        if (run == null) {
            return poll();
        }
        String stop = stopReason(run);
        if (stop != null || (++run.polls & 7) != 0) {
            return stop;
        }
        return busyCheck(run);
    }

    private String busyCheck(ScriptRun run) {
        long now = System.nanoTime();
        if (now - run.startNanos > run.busyAfterNanos && (!run.busy || now - run.nextEventsNanos >= 0)) {
            if (!run.busy) {
                becomeBusy(run);
            }
            server.processEventsWhileBlocked();
            run.nextEventsNanos = System.nanoTime() + EVENTS_INTERVAL_NANOS;
            return stopReason(run);
        }
        return null;
    }

    String stopReason(ScriptRun run) {
        // Redis 7.0 says SCRIPT KILL for functions stopped by FUNCTION KILL too
        return run.killRequested || shuttingDown ? KILLED : null;
    }

    /** Past busy-reply-threshold: other clients get BUSY from now on, the caller's further commands wait. */
    private void becomeBusy(ScriptRun run) {
        run.busy = true;
        run.caller.inBusyScript(true);
        server.busyScriptError(run.busyError);
        LOG.log(
                System.Logger.Level.WARNING,
                "Slow script detected: still in execution after "
                        + TimeUnit.NANOSECONDS.toMillis(run.busyAfterNanos) + " milliseconds. You can try killing the "
                        + "script using the " + (run.function ? "FUNCTION KILL" : "SCRIPT KILL") + " command. "
                        + (run.function ? "Function" : "Script") + " name is: " + run.name + ".");
    }

    /** After a script was stopped: the hook goes back to every {@link LuaEngine#HOOK_PERIOD} instructions. */
    void disarmHook() {
        if (hookArmed) {
            hookArmed = false;
            var C = engine.C;
            long L = engine.L;
            int top = C.lua_gettop(L);
            engine.pushInternal("reset_hook");
            C.lua_pcall(L, 0, 0, 0);
            C.lua_settop(L, top);
        }
    }

    /** The server is stopping (any thread): a script running now, or the next hook, ends it. */
    public void shutdown() {
        shuttingDown = true;
    }

    /** Frees the Lua state; on the keyspace thread, with no script on its stack (see server.KeyspaceLoop). */
    @Override
    public void close() {
        engine.close();
    }
}
