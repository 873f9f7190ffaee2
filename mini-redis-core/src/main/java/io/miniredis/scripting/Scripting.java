package io.miniredis.scripting;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import party.iroiro.luajava.Lua;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lua scripting for one server: the engine, the script cache (SHA1 to compiled function), the script thread, and
 * EVAL/EVALSHA/SCRIPT's work. Created on the keyspace thread at the first use; the Lua state is only touched by the
 * thread that owns the keyspace at that moment (the keyspace thread, or the script thread during a hand-off).
 */
public final class Scripting implements AutoCloseable {

    public static final String BUSY_SCRIPT =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    public static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    static final String WRITE_FLAG_WITH_RO = "ERR Can not execute a script with write flag using *_ro command.";
    static final String NO_ALLOW_OOM =
            "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";

    private final ServerContext server;
    private final LuaEngine engine;
    private final RedisLuaApi api;
    private final LuaToReply toReply;
    private final ScriptRunner runner = new ScriptRunner();
    /** EVAL scripts by SHA1: never evicted, as in Redis 7.0; SCRIPT FLUSH empties it. */
    private final Map<String, CachedScript> scripts = new LinkedHashMap<>();
    private long scriptBodyBytes;
    private final FunctionLibraries functions;
    /** The run in progress (also while detached); keyspace thread's view, for SCRIPT KILL and FUNCTION STATS. */
    private volatile ScriptRun running;

    public Scripting(ServerContext server) {
        this.server = server;
        this.engine = new LuaEngine();
        this.api = new RedisLuaApi(server, engine);
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
        // TODO(kill machinery): ask the running script whether SCRIPT KILL / FUNCTION KILL stops it (the text to
        // fail with, else null), as the count hook does
        new LuaPatternLibrary(engine, new LuaPatterns(() -> null), LuaEngine.MEMORY_LIMIT_BYTES).register();
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
        trampolines("cjson", "encode", "decode");
        trampolines("cmsgpack", "pack", "unpack", "unpack_one", "unpack_limit");
        this.functions = new FunctionLibraries(server, engine, this);
    }

    /**
     * Puts a C function in front of each Lua-written library function (see {@link LuaCodecs}): called from a
     * script as {@code return cjson.encode(x)}, a Lua function would replace the script's frame (a tail call) and
     * its errors could not name the script line, as the C libraries' errors in Redis do.
     */
    private void trampolines(String library, String... names) {
        var C = engine.C;
        long L = engine.L;
        C.lua_getfield(L, LuaEngine.GLOBALS, library);
        for (String name : names) {
            C.lua_getfield(L, -1, name);
            int ref = engine.ref();
            C.luaJ_pushstring(L, name);
            engine.pushFunction(l -> trampoline(l, ref));
            C.lua_rawset(L, -3);
        }
        C.lua_settop(L, 0);
    }

    private int trampoline(Lua l, int ref) {
        var C = engine.C;
        long p = l.getPointer();
        int args = C.lua_gettop(p);
        C.lua_rawgeti(p, LuaEngine.REGISTRY, ref);
        C.lua_insert(p, 1);
        if (C.lua_pcall(p, args, -1, 0) != 0) {
            return -1; // the error value on top is raised again, past this C frame
        }
        return C.lua_gettop(p);
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
    private record CachedScript(int ref, Set<FunctionLibraries.Flag> flags) {
    }

    /** EVAL / EVALSHA / EVAL_RO / EVALSHA_RO. */
    public void eval(CommandCall c, boolean bySha, boolean readOnlyCommand) {
        int[] keyCount = keyCount(c);
        String sha;
        CachedScript script;
        if (bySha) {
            sha = new String(c.arg(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            script = scripts.get(sha);
            if (script == null) {
                throw new RedisError(NOSCRIPT);
            }
        } else {
            sha = RedisLuaApi.sha1(c.arg(1));
            script = scripts.get(sha);
            if (script == null) {
                script = compile(sha, c.arg(1));
            }
        }
        ScriptRun run;
        if (script.flags() == null) {
            run = new ScriptRun(c.client(), sha, false, readOnlyCommand);
        } else {
            run = declaredFlagsRun(c, sha, false, script.flags(), readOnlyCommand);
        }
        run.argv = c.argv();
        int ref = script.ref();
        execute(c, run, BUSY_SCRIPT, () -> {
            engine.pushRef(ref);
            setGlobals(c.argv(), keyCount[0]);
            return 0;
        });
    }

    /**
     * The run of a script that declares its flags (a function, or an EVAL script with a shebang line), after Redis's
     * checks before it starts: a script that may write is refused by the *_RO commands, and (unless it says {@code
     * allow-oom}) when the command that runs it found memory over {@code maxmemory}. The dispatcher refuses most such
     * calls before this (see {@link #deniedOnOom}); this catches the ones inside EXEC.
     */
    ScriptRun declaredFlagsRun(CommandCall c, String name, boolean function, Set<FunctionLibraries.Flag> flags,
                               boolean readOnlyCommand) {
        boolean noWrites = flags.contains(FunctionLibraries.Flag.NO_WRITES);
        boolean allowOom = flags.contains(FunctionLibraries.Flag.ALLOW_OOM);
        if (!noWrites) {
            if (readOnlyCommand) {
                throw new RedisError(WRITE_FLAG_WITH_RO);
            }
            if (!allowOom && server.dispatcher().outOfMemoryAtCommandStart()) {
                throw new RedisError(NO_ALLOW_OOM);
            }
        }
        ScriptRun run = new ScriptRun(c.client(), name, function, noWrites);
        run.allowOom = allowOom;
        return run;
    }

    /**
     * Whether the dispatcher refuses this EVAL / EVALSHA when memory is over {@code maxmemory}, as a {@code denyoom}
     * command: only a script whose shebang line declares flags, and neither {@code no-writes} nor {@code allow-oom}.
     * An invalid shebang or an unknown SHA1 is not refused here: the command itself answers with its error.
     */
    public static boolean deniedOnOom(ServerContext server, byte[][] argv, boolean bySha) {
        if (argv.length < 2) {
            return false;
        }
        Set<FunctionLibraries.Flag> flags;
        if (bySha) {
            Scripting scripting = server.scriptingIfStarted();
            CachedScript script = scripting == null ? null : scripting.scripts.get(
                    new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            flags = script == null ? null : script.flags();
        } else if (ScriptShebang.present(argv[1])) {
            try {
                flags = ScriptShebang.parse(argv[1]);
            } catch (RedisError invalid) {
                return false;
            }
        } else {
            flags = null;
        }
        return flags != null && !flags.contains(FunctionLibraries.Flag.NO_WRITES)
                && !flags.contains(FunctionLibraries.Flag.ALLOW_OOM);
    }

    /** numkeys, checked as Redis does: an integer, not negative, not more than the arguments after it. */
    static int[] keyCount(CommandCall c) {
        long numkeys = Args.toLong(c.arg(2));
        if (numkeys > c.argc() - 3) {
            throw new RedisError("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw new RedisError("ERR Number of keys can't be negative");
        }
        return new int[] {(int) numkeys};
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
        for (CachedScript script : scripts.values()) {
            engine.unref(script.ref());
        }
        scripts.clear();
        scriptBodyBytes = 0;
        engine.collectGarbage();
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
        CachedScript script = new CachedScript(engine.ref(), flags);
        scripts.put(sha, script);
        scriptBodyBytes += body.length;
        return script;
    }

    /** Sets the KEYS and ARGV globals for an EVAL (raw sets: the globals table refuses new entries otherwise). */
    private void setGlobals(byte[][] argv, int numkeys) {
        var C = engine.C;
        long L = engine.L;
        engine.pushInternal("globals");
        C.luaJ_pushstring(L, "KEYS");
        pushArray(argv, 3, numkeys);
        C.lua_rawset(L, -3);
        C.luaJ_pushstring(L, "ARGV");
        pushArray(argv, 3 + numkeys, argv.length - 3 - numkeys);
        C.lua_rawset(L, -3);
        C.lua_settop(L, -2);
    }

    void pushArray(byte[][] argv, int from, int count) {
        var C = engine.C;
        long L = engine.L;
        C.lua_createtable(L, count, 0);
        for (int i = 0; i < count; i++) {
            engine.pushBytes(L, argv[from + i]);
            C.lua_rawseti(L, -2, i + 1);
        }
    }

    /** What pushes the function to call, then its arguments, returning how many arguments it pushed. */
    interface Prepare {
        int push();
    }

    /**
     * Runs a script or function for {@code c}: on the script thread, with the keyspace handed over; past the busy
     * threshold the client waits detached while the others get {@code busyError}.
     */
    void execute(CommandCall c, ScriptRun run, String busyError, Prepare prepare) {
        ClientSession caller = c.client();
        ByteBuf out = Unpooled.buffer(64);
        Reply result = new Reply(run.errors::add);
        result.protocol(caller.protocol());
        result.target(out);
        run.outOfMemory = server.dispatcher().outOfMemoryAtCommandStart();
        Runnable work = () -> runOnScriptThread(run, prepare, result);
        long threshold = TimeUnit.MILLISECONDS.toNanos(server.config().getLong("busy-reply-threshold"));
        running = run;
        boolean done = runner.run(work, () -> server.keyspaceThread().execute(() -> detachedEnded(run, out)),
                run.startNanos, threshold <= 0 ? Long.MAX_VALUE / 4 : threshold);
        if (!done) {
            server.busyScriptError(busyError);
            caller.inBusyScript(true);
            return;
        }
        running = null;
        Reply reply = c.reply();
        boolean topLevelError = out.isReadable() && out.getByte(0) == '-';
        int counted = run.errors.size() - (topLevelError ? 1 : 0);
        for (int i = 0; i < counted; i++) {
            server.stats().errorReplied(run.errors.get(i));
        }
        if (topLevelError) {
            out.release();
            throw new RedisError(run.errors.get(run.errors.size() - 1));
        }
        reply.buffer().writeBytes(out);
        out.release();
    }

    /** A script that ran past the threshold is over (keyspace thread): its reply goes out, the server is free. */
    private void detachedEnded(ScriptRun run, ByteBuf out) {
        running = null;
        for (String error : run.errors) {
            server.stats().errorReplied(error);
        }
        ByteBuf reply = run.caller.channel() != null ? run.caller.channel().alloc().ioBuffer(out.readableBytes())
                : Unpooled.buffer();
        reply.writeBytes(out);
        out.release();
        server.busyScriptError(null);
        run.caller.busyScriptEnded(reply);
        server.blockedClients().serveReadyKeys();
    }

    /** On the script thread: push, call, convert the result (or the error) into {@code result}. */
    private void runOnScriptThread(ScriptRun run, Prepare prepare, Reply result) {
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
            if (run.killRequested || engine.memoryBytes() > LuaEngine.MEMORY_LIMIT_BYTES / 2) {
                engine.collectGarbage();
            }
        }
    }

    /** The error reply for a failed script: {@code <err> script: <name>, on <source>:<line>.} */
    private String errorText(ScriptRun run) {
        var C = engine.C;
        long L = engine.L;
        if (C.lua_type(L, -1) != LuaEngine.TTABLE) {
            String text = engine.toText(L, -1);
            return "ERR " + (text == null ? "unknown error" : text);
        }
        C.lua_getfield(L, -1, "err");
        String err = engine.toText(L, -1);
        C.lua_settop(L, -2);
        C.lua_getfield(L, -1, "source");
        String source = engine.toText(L, -1);
        C.lua_settop(L, -2);
        C.lua_getfield(L, -1, "line");
        String line = engine.toText(L, -1);
        C.lua_settop(L, -2);
        StringBuilder text = new StringBuilder(err == null ? "ERR unknown error" : err);
        text.append(" script: ").append(run.name);
        if (source != null) {
            text.append(", on ").append(source).append(':').append(line).append('.');
        }
        return text.toString();
    }

    /** The count hook, every {@link LuaEngine#HOOK_PERIOD} instructions: SCRIPT KILL and the memory limit. */
    private int hook(Lua l) {
        ScriptRun run = api.current();
        if (run == null) {
            if (functions != null && functions.loadTimedOut()) {
                return api.raise(l.getPointer(), "ERR FUNCTION LOAD timeout");
            }
            return 0;
        }
        long p = l.getPointer();
        if (run.killRequested) {
            // Redis 7.0 says SCRIPT KILL for functions stopped by FUNCTION KILL too
            return api.raise(p, "ERR Script killed by user with SCRIPT KILL...");
        }
        if (engine.memoryBytes() > LuaEngine.MEMORY_LIMIT_BYTES) {
            return api.raise(p, "ERR Script used more memory than the Lua memory limit of "
                    + (LuaEngine.MEMORY_LIMIT_BYTES >> 20) + " MB");
        }
        return 0;
    }

    @Override
    public void close() {
        ScriptRun run = running;
        if (run != null) {
            run.killRequested = true;
        }
        runner.close();
        engine.close();
    }
}
