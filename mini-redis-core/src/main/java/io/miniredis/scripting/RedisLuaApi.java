package io.miniredis.scripting;

import io.miniredis.server.ClientSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import party.iroiro.luajava.Lua;

/**
 * The {@code redis} table scripts see: {@code call}, {@code pcall}, {@code error_reply}, {@code status_reply},
 * {@code sha1hex}, {@code log}, {@code setresp}, {@code set_repl}, {@code replicate_commands} and the rest, with
 * Redis 7.0's checks and error texts. A command runs through the normal dispatcher as the script's own client (its
 * database starts as the caller's; SELECT inside the script changes only the script's), its reply written into a
 * scratch buffer and turned into a Lua value.
 */
final class RedisLuaApi {

    private static final System.Logger LOG = System.getLogger("io.miniredis.scripting.lua");

    private final ScriptHost server;
    private final LuaEngine engine;
    private final RespToLua toLua;
    private final ClientSession scriptClient;
    private final ByteBuf scratch = Unpooled.buffer(256);
    /** Why the running script must stop, or null (Scripting#poll, which may let clients in): a stopped script runs no command. */
    private final java.util.function.Supplier<String> poll;
    /** The script running now, or null; set and read on the thread running scripts. */
    private ScriptRun current;

    RedisLuaApi(ScriptHost server, LuaEngine engine, java.util.function.Supplier<String> poll) {
        this.server = server;
        this.engine = engine;
        this.poll = poll;
        this.toLua = new RespToLua(engine);
        this.scriptClient = ClientSession.scriptClient(
                text -> {
                    if (current != null) {
                        current.errors.add(text);
                    }
                },
                server.nowMillis());
    }

    void begin(ScriptRun run) {
        this.current = run;
        scriptClient.db(run.caller.db());
        scriptClient.denyBlocking(true);
    }

    void end() {
        this.current = null;
        if (scratch.capacity() > 64 * 1024) {
            scratch.capacity(256); // a huge reply once must not stay allocated
        }
        scratch.clear();
        if (server.denyScriptsDisabled()) {
            // noscript commands may have left the shared script client in a state that would change how the next
            // scripts' commands run (queued by MULTI, replies off) or keep something of it alive (WATCH)
            server.scriptCommands().resetScriptClient(scriptClient);
        }
    }

    ScriptRun current() {
        return current;
    }

    /** Fills the {@code redis} table on top of the stack. */
    void register() {
        var C = engine.C;
        long L = engine.L;
        engine.setFunction("call", l -> call(l, true));
        engine.setFunction("pcall", l -> call(l, false));
        engine.setFunction("error_reply", this::errorReply);
        engine.setFunction("status_reply", this::statusReply);
        engine.setFunction("sha1hex", this::sha1hex);
        engine.setFunction("log", this::log);
        engine.setFunction("setresp", this::setresp);
        engine.setFunction("set_repl", this::setRepl);
        engine.setFunction("replicate_commands", l -> {
            C.lua_pushboolean(l.getPointer(), 1);
            return 1;
        });
        engine.setFunction("breakpoint", l -> {
            C.lua_pushboolean(l.getPointer(), 0);
            return 1;
        });
        engine.setFunction("debug", l -> 0);
        engine.setFunction("acl_check_cmd", this::aclCheckCmd);
        setNumber(L, "LOG_DEBUG", 0);
        setNumber(L, "LOG_VERBOSE", 1);
        setNumber(L, "LOG_NOTICE", 2);
        setNumber(L, "LOG_WARNING", 3);
        setNumber(L, "REPL_NONE", 0);
        setNumber(L, "REPL_AOF", 1);
        setNumber(L, "REPL_SLAVE", 2);
        setNumber(L, "REPL_REPLICA", 2);
        setNumber(L, "REPL_ALL", 3);
        C.luaJ_pushstring(L, io.miniredis.protocol.RedisVersion.VERSION);
        C.lua_setfield(L, -2, "REDIS_VERSION");
        String[] parts = io.miniredis.protocol.RedisVersion.VERSION.split("\\.");
        setNumber(
                L,
                "REDIS_VERSION_NUM",
                (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]));
    }

    private void setNumber(long L, String name, double value) {
        engine.C.lua_pushnumber(L, value);
        engine.C.lua_setfield(L, -2, name);
    }

    /** Raises a Redis error table {@code {err=text}} from a Java function (returned to LuaJava, which throws it). */
    int raise(long p, String text) {
        pushError(p, text);
        return -1;
    }

    private void pushError(long p, String text) {
        engine.C.lua_createtable(p, 0, 1);
        engine.pushString(p, text);
        engine.C.lua_setfield(p, -2, "err");
    }

    private int call(Lua l, boolean raise) {
        long p = l.getPointer();
        var C = engine.C;
        ScriptRun run = current;
        int argc = C.lua_gettop(p);
        if (run == null) {
            return raise(p, "ERR redis.call() can only be used while a script runs");
        }
        String stop = poll.get();
        if (stop != null) {
            return raise(p, stop); // even redis.pcall: a stopped script runs no more commands
        }
        if (argc == 0) {
            return raise(p, "ERR Please specify at least one argument for this redis lib call");
        }
        byte[][] argv = arguments(p, argc);
        if (argv == null) {
            return raise(p, "ERR Lua redis lib command arguments must be strings or integers");
        }
        ScriptCommands.Verdict verdict = server.scriptCommands()
                .check(argv, run.readOnly, run.outOfMemory && !run.allowOom && !run.wrote, run.wrote);
        if (verdict.write()) {
            run.wrote = true;
        }
        String refused = verdict.refusal();
        if (refused != null) {
            if (raise) {
                return raise(p, refused);
            }
            pushError(p, refused);
            return 1;
        }
        scriptClient.protocol(run.resp);
        scratch.clear();
        scriptClient.reply().target(scratch);
        server.scriptCommands().run(scriptClient, argv);
        if (raise && scratch.isReadable() && scratch.getByte(scratch.readerIndex()) == '-') {
            byte[] text = new byte[scratch.readableBytes() - 3];
            scratch.getBytes(1, text);
            return raise(p, new String(text, StandardCharsets.ISO_8859_1));
        }
        C.lua_settop(p, 0);
        toLua.push(p, scratch);
        return 1;
    }

    /** Arguments this short in all are moved out of Lua in one piece (see {@link #arguments}). */
    private static final int JOINED_ARGUMENTS_MAX = 4096;

    /**
     * The arguments of a redis.call, as bytes; numbers as Redis 7.0 turns them into text ({@code %.17g}); null when
     * one is neither. Moving a string out of Lua costs a direct buffer made by JNI, several times dearer than
     * anything else here, so when all arguments are strings and short, Lua joins them (lua_concat) and they come
     * out in one piece, cut at their lengths.
     */
    private byte[][] arguments(long p, int argc) {
        var C = engine.C;
        byte[][] argv = new byte[argc][];
        int[] lengths = null;
        long total = 0;
        boolean allStrings = true;
        for (int i = 0; i < argc; i++) {
            int type = C.lua_type(p, i + 1);
            if (type == LuaEngine.TNUMBER) {
                argv[i] = LuaEngine.argumentNumberText(C.lua_tonumber(p, i + 1)).getBytes(StandardCharsets.US_ASCII);
                allStrings = false;
            } else if (type != LuaEngine.TSTRING) {
                return null;
            } else if (allStrings && argc > 1) {
                if (lengths == null) {
                    lengths = new int[argc];
                }
                lengths[i] = (int) C.lua_objlen(p, i + 1);
                total += lengths[i];
            }
        }
        if (allStrings && argc > 1 && total <= JOINED_ARGUMENTS_MAX) {
            C.lua_pushvalue(p, 1); // the arguments stay where they are: concat works on copies
            for (int i = 2; i <= argc; i++) {
                C.lua_pushvalue(p, i);
            }
            C.lua_concat(p, argc);
            byte[] joined = engine.stringBytes(p, -1);
            C.lua_settop(p, -2);
            int offset = 0;
            for (int i = 0; i < argc; i++) {
                argv[i] = java.util.Arrays.copyOfRange(joined, offset, offset + lengths[i]);
                offset += lengths[i];
            }
            return argv;
        }
        for (int i = 0; i < argc; i++) {
            if (argv[i] == null) {
                argv[i] = engine.stringBytes(p, i + 1);
            }
        }
        return argv;
    }

    private int errorReply(Lua l) {
        long p = l.getPointer();
        if (engine.C.lua_gettop(p) != 1 || engine.C.lua_type(p, 1) != LuaEngine.TSTRING) {
            pushError(p, "ERR wrong number or type of arguments"); // returned, not raised, as Redis does
            return 1;
        }
        String text = new String(engine.toBytes(p, 1), StandardCharsets.ISO_8859_1);
        if (text.startsWith("-")) {
            text = text.substring(1);
        }
        if (text.indexOf(' ') < 0) {
            text = "ERR " + text;
        }
        pushError(p, text);
        return 1;
    }

    private int statusReply(Lua l) {
        long p = l.getPointer();
        if (engine.C.lua_gettop(p) != 1 || engine.C.lua_type(p, 1) != LuaEngine.TSTRING) {
            pushError(p, "ERR wrong number or type of arguments"); // returned, not raised, as Redis does
            return 1;
        }
        byte[] text = engine.toBytes(p, 1);
        engine.C.lua_createtable(p, 0, 1);
        engine.pushBytes(p, text);
        engine.C.lua_setfield(p, -2, "ok");
        return 1;
    }

    private int sha1hex(Lua l) {
        long p = l.getPointer();
        if (engine.C.lua_gettop(p) != 1) {
            return raise(p, "ERR wrong number of arguments");
        }
        byte[] bytes = engine.C.lua_type(p, 1) == LuaEngine.TNUMBER
                ? LuaEngine.luaNumberText(engine.C.lua_tonumber(p, 1)).getBytes(StandardCharsets.US_ASCII)
                : engine.toBytes(p, 1);
        engine.C.luaJ_pushstring(p, sha1(bytes == null ? new byte[0] : bytes));
        return 1;
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int log(Lua l) {
        long p = l.getPointer();
        var C = engine.C;
        int argc = C.lua_gettop(p);
        if (argc < 2) {
            return raise(p, "ERR redis.log() requires two arguments or more.");
        }
        if (C.lua_type(p, 1) != LuaEngine.TNUMBER) {
            return raise(p, "ERR First argument must be a number.");
        }
        double level = C.lua_tonumber(p, 1);
        if (level < 0 || level > 3 || level != Math.floor(level)) {
            return raise(p, "ERR Invalid debug level.");
        }
        StringBuilder message = new StringBuilder();
        for (int i = 2; i <= argc; i++) {
            byte[] part = engine.toBytes(p, i);
            if (part != null) {
                if (message.length() > 0) {
                    message.append(' ');
                }
                message.append(new String(part, StandardCharsets.UTF_8));
            }
        }
        System.Logger.Level javaLevel = switch ((int) level) {
            case 0 -> System.Logger.Level.TRACE; // redis.LOG_DEBUG, the finest of Redis's levels
            case 1 -> System.Logger.Level.DEBUG; // redis.LOG_VERBOSE
            case 2 -> System.Logger.Level.INFO;
            default -> System.Logger.Level.WARNING;
        };
        LOG.log(javaLevel, message.toString());
        return 0;
    }

    private int setresp(Lua l) {
        long p = l.getPointer();
        if (engine.C.lua_gettop(p) != 1) {
            return raise(p, "ERR redis.setresp() requires one argument.");
        }
        double resp = engine.C.lua_tonumber(p, 1);
        if (resp != 2 && resp != 3) {
            return raise(p, "ERR RESP version must be 2 or 3.");
        }
        if (current != null) {
            current.resp = (int) resp;
        }
        return 0;
    }

    private int setRepl(Lua l) {
        long p = l.getPointer();
        if (engine.C.lua_gettop(p) != 1) {
            return raise(p, "ERR redis.set_repl() requires one argument.");
        }
        double flags = engine.C.lua_tonumber(p, 1);
        if (flags < 0 || flags > 3 || flags != Math.floor(flags)) {
            return raise(p, "ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        return 0;
    }

    private int aclCheckCmd(Lua l) {
        long p = l.getPointer();
        int argc = engine.C.lua_gettop(p);
        if (argc == 0) {
            return raise(p, "ERR Please specify at least one argument for this redis lib call");
        }
        byte[] name = engine.toBytes(p, 1);
        if (name == null || !server.scriptCommands().exists(name)) {
            return raise(p, "ERR Invalid command passed to redis.acl_check_cmd()");
        }
        engine.C.lua_pushboolean(p, 1);
        return 1;
    }
}
