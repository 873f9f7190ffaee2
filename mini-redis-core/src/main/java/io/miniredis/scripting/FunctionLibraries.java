package io.miniredis.scripting;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Redis 7 functions: libraries loaded with FUNCTION LOAD, their functions called with FCALL / FCALL_RO. A library's
 * code runs once at load, in a sandbox where only {@code redis.register_function}, {@code redis.log} and the version
 * and log-level constants exist (Redis's load-time view, see {@link LuaSandbox}); the callbacks it registers are kept
 * in the Lua registry and run later through the same script hand-off as EVAL ({@link Scripting#execute}), so BUSY and
 * FUNCTION KILL work for them too.
 *
 * <p>Redis keeps functions in a Lua VM of their own; here they share EVAL's Lua state with an environment of their
 * own (no KEYS/ARGV, no redis.breakpoint/debug/replicate_commands), which is what scripts can observe. Everything
 * here runs on the thread owning the keyspace.
 */
public final class FunctionLibraries {

    static final String ENGINE = "LUA";
    /** Redis stops a library's load-time code after this long (its text: "FUNCTION LOAD timeout"). */
    private static final long LOAD_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final String BAD_NAME = "ERR Library names can only contain letters, numbers, or underscores(_) "
            + "and must be at least one character long";

    /** A function's flags, in the order Redis lists them. */
    public enum Flag {
        NO_WRITES("no-writes"),
        ALLOW_OOM("allow-oom"),
        ALLOW_STALE("allow-stale"),
        NO_CLUSTER("no-cluster"),
        ALLOW_CROSS_SLOT_KEYS("allow-cross-slot-keys");

        final String text;

        Flag(String text) {
            this.text = text;
        }
    }

    record Function(String name, String library, String description, Set<Flag> flags, int ref) {}

    record Library(String name, byte[] code, List<Function> functions) {}

    private final LuaEngine engine;
    private final Scripting scripting;
    private final Map<String, Library> libraries = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private long codeBytes;
    /** While a library's code runs at load: when the count hook stops it. 0 otherwise. */
    private volatile long loadDeadline;

    FunctionLibraries(ScriptHost server, LuaEngine engine, Scripting scripting) {
        this.engine = engine;
        this.scripting = scripting;
    }

    // ---- FUNCTION LOAD

    /** FUNCTION LOAD [REPLACE]: the library's name. */
    public String load(byte[] code, boolean replace) {
        String name = parseHeader(code);
        Library old = libraries.get(name);
        if (old != null && !replace) {
            throw new RedisError("ERR Library '" + name + "' already exists");
        }
        List<Function> loaded = run(name, code);
        for (Function f : loaded) {
            Function existing = functions.get(key(f.name()));
            if (existing != null && !existing.library().equals(name)) {
                loaded.forEach(n -> engine.unref(n.ref()));
                throw new RedisError("ERR Function " + f.name() + " already exists");
            }
        }
        if (old != null) {
            remove(old);
        }
        libraries.put(name, new Library(name, code, loaded));
        codeBytes += code.length;
        for (Function f : loaded) {
            functions.put(key(f.name()), f);
        }
        return name;
    }

    /** The library name of a {@code #!<engine> name=<lib>} first line, checked as Redis does. */
    private static String parseHeader(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new RedisError("ERR Missing library metadata");
        }
        int newline = indexOf(code, (byte) '\n');
        if (newline < 0) {
            throw new RedisError("ERR Invalid library metadata");
        }
        String header = new String(code, 2, newline - 2, StandardCharsets.ISO_8859_1);
        String[] parts = header.trim().split(" +");
        String engineName = parts[0];
        if (!engineName.equalsIgnoreCase(ENGINE)) {
            throw new RedisError("ERR Engine '" + engineName + "' not found");
        }
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("name=")) {
                throw new RedisError("ERR Invalid metadata value given: " + parts[i]);
            }
            if (name != null) {
                throw new RedisError("ERR Invalid metadata value, name argument was given multiple times");
            }
            name = parts[i].substring(5);
        }
        if (name == null) {
            throw new RedisError("ERR Library name was not given");
        }
        if (!validName(name)) {
            throw new RedisError(BAD_NAME);
        }
        return name;
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_')) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs the library's code (its first line blanked, so line numbers stay those of the code as sent) and collects
     * what it registered; on any failure nothing is kept.
     */
    private List<Function> run(String library, byte[] code) {
        var C = engine.C;
        long L = engine.L;
        int newline = indexOf(code, (byte) '\n');
        byte[] body = java.util.Arrays.copyOfRange(code, newline, code.length);
        C.lua_settop(L, 0);
        engine.pushInternal("load_functions");
        engine.pushBytes(L, body);
        loadDeadline = System.nanoTime() + LOAD_TIMEOUT_NANOS;
        int status;
        try {
            status = C.lua_pcall(L, 1, 2, 0);
        } finally {
            loadDeadline = 0;
            scripting.disarmHook(); // after a timeout it raises at every instruction
        }
        try {
            if (status != 0) {
                throw new RedisError("ERR Error registering functions: " + engine.toText(L, -1));
            }
            String outcome = engine.toText(L, 1);
            if ("compile".equals(outcome)) {
                throw new RedisError("ERR Error compiling function: " + engine.toText(L, 2));
            }
            if ("run".equals(outcome)) {
                throw new RedisError("ERR Error registering functions: " + engine.toText(L, 2));
            }
            List<Function> loaded = new ArrayList<>();
            for (int i = 1; ; i++) {
                C.lua_rawgeti(L, 2, i);
                if (C.lua_type(L, -1) != LuaEngine.TTABLE) {
                    C.lua_settop(L, -2);
                    break;
                }
                int entry = C.lua_gettop(L);
                C.lua_getfield(L, entry, "name");
                String name = engine.toText(L, -1);
                C.lua_settop(L, -2);
                C.lua_getfield(L, entry, "description");
                String description = engine.toText(L, -1);
                C.lua_settop(L, -2);
                Set<Flag> flags = EnumSet.noneOf(Flag.class);
                C.lua_getfield(L, entry, "flags");
                for (Flag flag : Flag.values()) {
                    C.lua_getfield(L, -1, flag.text);
                    if (C.lua_toboolean(L, -1) != 0) {
                        flags.add(flag);
                    }
                    C.lua_settop(L, -2);
                }
                C.lua_settop(L, -2);
                C.lua_getfield(L, entry, "callback");
                loaded.add(new Function(name, library, description, flags, engine.ref()));
                C.lua_settop(L, -2);
            }
            if (loaded.isEmpty()) {
                throw new RedisError("ERR No functions registered");
            }
            return loaded;
        } finally {
            C.lua_settop(L, 0);
        }
    }

    /** Function names are case-insensitive, as Redis's function dictionary. */
    private static String key(String functionName) {
        return functionName.toLowerCase(Locale.ROOT);
    }

    /** For the count hook: true once a library's load-time code has run too long. */
    boolean loadTimedOut() {
        long deadline = loadDeadline;
        return deadline != 0 && System.nanoTime() - deadline > 0;
    }

    // ---- FUNCTION DELETE / FLUSH

    public void delete(byte[] name) {
        Library library = libraries.get(new String(name, StandardCharsets.ISO_8859_1));
        if (library == null) {
            throw new RedisError("ERR Library not found");
        }
        remove(library);
    }

    public void flush() {
        for (Library library : List.copyOf(libraries.values())) {
            remove(library);
        }
        engine.collectGarbage();
    }

    private void remove(Library library) {
        libraries.remove(library.name());
        codeBytes -= library.code().length;
        for (Function f : library.functions()) {
            functions.remove(key(f.name()));
            engine.unref(f.ref());
        }
    }

    // ---- FCALL / FCALL_RO

    public static final RedisError NOT_FOUND = new RedisError("ERR Function not found");

    /** Whether a function of that name exists (FCALL asks before it reads its key count, as Redis does). */
    public boolean exists(byte[] name) {
        return functions.containsKey(key(new String(name, StandardCharsets.ISO_8859_1)));
    }

    /** FCALL / FCALL_RO, their arguments parsed by the command. */
    public void call(
            ClientSession caller, byte[][] argv, byte[] name, byte[][] keys, byte[][] args, boolean readOnlyCommand) {
        Function f = functions.get(key(new String(name, StandardCharsets.ISO_8859_1)));
        if (f == null) {
            throw NOT_FOUND;
        }
        ScriptRun run = scripting.declaredFlagsRun(caller, f.name(), true, f.flags(), readOnlyCommand);
        run.argv = argv;
        scripting.execute(caller, run, Scripting.BUSY_FUNCTION, () -> {
            engine.pushRef(f.ref());
            scripting.pushArray(keys);
            scripting.pushArray(args);
            return 2;
        });
    }

    /**
     * The flags of the function this FCALL / FCALL_RO calls (a function always has flags, none declared being the
     * empty set), or null for an unknown function: FCALL itself answers that it does not exist.
     */
    public static Set<Flag> declaredFlags(Scripting scripting, byte[][] argv) {
        if (scripting == null || argv.length < 2) {
            return null;
        }
        Function f = scripting.functions().functions.get(key(new String(argv[1], StandardCharsets.ISO_8859_1)));
        return f == null ? null : f.flags();
    }

    // ---- FUNCTION LIST / STATS

    /** The name a library's code declares (its {@code #!lua name=} line), checked as FUNCTION LOAD does. */
    public static String libraryName(byte[] code) {
        return parseHeader(code);
    }

    public boolean hasLibrary(String name) {
        return libraries.containsKey(name);
    }

    /** Every library's code, in load order: what an RDB file, an AOF base and FUNCTION DUMP hold. */
    public List<byte[]> codes() {
        return libraries.values().stream().map(Library::code).toList();
    }

    /** FUNCTION LIST: the libraries whose name matches {@code pattern} (all when null), with their code or not. */
    public void list(Reply reply, byte[] pattern, boolean withCode) {
        List<Library> matching = new ArrayList<>();
        for (Library library : libraries.values()) {
            if (pattern == null || Glob.matches(pattern, library.name().getBytes(StandardCharsets.ISO_8859_1), true)) {
                matching.add(library);
            }
        }
        reply.array(matching.size());
        for (Library library : matching) {
            reply.map(withCode ? 4 : 3);
            reply.bulk("library_name").bulk(library.name());
            reply.bulk("engine").bulk(ENGINE);
            reply.bulk("functions").array(library.functions().size());
            for (Function f : library.functions()) {
                reply.map(3);
                reply.bulk("name").bulk(f.name());
                reply.bulk("description");
                if (f.description() == null) {
                    reply.nullBulk();
                } else {
                    reply.bulk(f.description().getBytes(StandardCharsets.UTF_8));
                }
                reply.bulk("flags").set(f.flags().size());
                for (Flag flag : f.flags()) {
                    reply.status(flag.text);
                }
            }
            if (withCode) {
                reply.bulk("library_code").bulk(library.code());
            }
        }
    }

    /** FUNCTION STATS: the function running now (a running EVAL script answers BUSY, as in Redis). */
    public void stats(Reply reply) {
        ScriptRun run = scripting.running();
        if (run != null && !run.function) {
            throw new RedisError(Scripting.BUSY_SCRIPT);
        }
        reply.map(2);
        reply.bulk("running_script");
        if (run == null) {
            reply.nullBulk();
        } else {
            reply.map(3);
            reply.bulk("name").bulk(run.name);
            reply.bulk("command").array(run.argv.length);
            for (byte[] arg : run.argv) {
                reply.bulk(arg);
            }
            reply.bulk("duration_ms").integer(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.startNanos));
        }
        reply.bulk("engines").map(1);
        reply.bulk(ENGINE).map(2);
        reply.bulk("libraries_count").integer(libraries.size());
        reply.bulk("functions_count").integer(functions.size());
    }

    public int libraryCount() {
        return libraries.size();
    }

    public int functionCount() {
        return functions.size();
    }

    /** Bytes of the libraries' code, for INFO's used_memory_functions. */
    public long codeBytes() {
        return codeBytes;
    }
}
