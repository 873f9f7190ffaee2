package io.miniredis.scripting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import party.iroiro.luajava.JFunction;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.lua51.Lua51Natives;

/**
 * {@code string.find}, {@code string.match}, {@code string.gmatch} and {@code string.gsub} on {@link LuaPatterns}:
 * Lua 5.1's functions with their arguments, results and error texts, but a matcher that can be interrupted (see
 * {@link LuaPatterns}) and a gsub whose result is bounded. The sandbox prelude puts them in the {@code string} table.
 *
 * <p>They are Java functions, so C functions to Lua, as the originals: an error names the script line that called
 * (never a tail call's lost frame), and an argument error names the function as the call site does ({@code 'find'},
 * {@code 'f'} for a local, "calling 'find' on bad self"). {@code find} with {@code plain} or without special
 * characters searches here too: Lua's plain search is also quadratic at worst.
 *
 * <p>JNI crossings are kept few: a short ASCII string is read as one Java string (no buffer object), a long or binary
 * one is read in place through a direct buffer (never copied: a loop of finds over a long subject stays linear), and
 * results are pushed as Java strings when ASCII, else cut from the subject by {@code string.sub}.
 *
 * <p>A gsub replacement function (or table with {@code __index}) is called with {@code lua_pcall}; its error is raised
 * again from gsub, the same value. The handler of that call, {@code locate} from the prelude, notes where the error
 * was first raised, for the script's error reply to name that line, as it does with Lua's own gsub.
 */
final class LuaPatternLibrary {

    private static final int ENVIRONMENT = -10001; // LUA_ENVIRONINDEX: the running C function's environment
    private static final int TNONE = -1;
    private static final int TFUNCTION = 6;
    /** Strings up to this length that are plain ASCII are read as a Java string (one call, no buffer object). */
    private static final int SHORT = 256;
    /** Stack slots for pushing many captures: every one, plus the function, key, helper and result around them. */
    private static final int STACK = LuaPatterns.MAX_CAPTURES + 8;
    /** gsub's stack slot for the error handler of its callback calls (after its four arguments). */
    private static final int LOCATE_SLOT = 5;

    private final LuaEngine engine;
    private final Lua51Natives C;
    private final LuaPatterns patterns;
    private final long outputLimit;
    private final JFunction gmatchStep = l -> run(l, this::gmatchStep);
    private int getinfoRef;
    private int subRef;
    /** The prelude's helpers (see {@link #register}); none before it hands them over. */
    private int locateRef = -1;

    private int indexRef = -1;

    LuaPatternLibrary(LuaEngine engine, LuaPatterns patterns, long outputLimit) {
        this.engine = engine;
        this.C = engine.C;
        this.patterns = patterns;
        this.outputLimit = outputLimit;
    }

    /**
     * Fills the table on top of the stack with {@code find}, {@code match}, {@code gmatch}, {@code gsub} and {@code
     * set_helpers} (for the prelude to hand over its {@code locate} handler and a {@code t[k]} reader). Runs before
     * the prelude, while {@code debug.getinfo} (to name functions in argument errors, as luaL_argerror does) and the
     * original {@code string.sub} are still at hand.
     */
    void register() {
        long L = engine.L;
        C.lua_getglobal(L, "debug");
        C.lua_getfield(L, -1, "getinfo");
        getinfoRef = C.luaL_ref(L, LuaEngine.REGISTRY);
        C.lua_settop(L, -2);
        C.lua_getglobal(L, "string");
        C.lua_getfield(L, -1, "sub");
        subRef = C.luaL_ref(L, LuaEngine.REGISTRY);
        C.lua_settop(L, -2);
        engine.setFunction("find", l -> run(l, p -> find(p, true)));
        engine.setFunction("match", l -> run(l, p -> find(p, false)));
        engine.setFunction("gmatch", l -> run(l, this::gmatch));
        engine.setFunction("gsub", l -> run(l, this::gsub));
        engine.setFunction("set_helpers", this::setHelpers);
    }

    private int setHelpers(Lua l) {
        long p = l.getPointer();
        C.lua_settop(p, 2);
        indexRef = C.luaL_ref(p, LuaEngine.REGISTRY);
        locateRef = C.luaL_ref(p, LuaEngine.REGISTRY);
        return 0;
    }

    // ---- the calls, and how their failures become Lua errors

    private interface Body {
        int call(long p);
    }

    /** A Lua error whose value is already on top of the stack (a callback's, raised again as it is). */
    private static final class Raised extends RuntimeException {
        Raised() {
            super(null, null, false, false);
        }
    }

    /** luaL_argerror's error: argument {@code index}, and what is wrong with it. */
    private static final class BadArgument extends RuntimeException {
        final int index;

        BadArgument(int index, String problem) {
            super(problem, null, false, false);
            this.index = index;
        }
    }

    private int run(Lua l, Body body) {
        long p = l.getPointer();
        try {
            return body.call(p);
        } catch (Raised raised) {
            return -1;
        } catch (LuaPatterns.PatternException failure) {
            return error(p, failure.getMessage());
        } catch (LuaPatterns.Interrupted interrupted) {
            // the value RedisLuaApi.raise gives: the script's caller gets the text as it is
            C.lua_createtable(p, 0, 1);
            engine.pushString(p, interrupted.getMessage());
            C.lua_setfield(p, -2, "err");
            return -1;
        } catch (BadArgument bad) {
            return badArgument(p, bad.index, bad.getMessage());
        } catch (StackOverflowError tooDeep) {
            // the depth limit should come first; this is the backstop, caught here where the stack is shallow again
            return error(p, "pattern too complex");
        }
    }

    /** luaL_error: the calling script line, then the text. */
    private int error(long p, String text) {
        C.lua_checkstack(p, 3);
        C.luaL_where(p, 1);
        engine.pushBytes(p, text.getBytes(StandardCharsets.ISO_8859_1));
        C.lua_concat(p, 2);
        return -1;
    }

    /** luaL_argerror: names the function as the call site does, which only the debug information tells. */
    private int badArgument(long p, int index, String problem) {
        C.lua_checkstack(p, 4);
        C.lua_rawgeti(p, LuaEngine.REGISTRY, getinfoRef);
        C.lua_pushinteger(p, 1); // level 0 is getinfo itself, 1 the function that failed
        C.luaJ_pushstring(p, "n");
        String name = null;
        String namewhat = "";
        if (C.lua_pcall(p, 2, 1, 0) == 0 && C.lua_type(p, -1) == LuaEngine.TTABLE) {
            C.lua_getfield(p, -1, "name");
            byte[] bytes = C.lua_type(p, -1) == LuaEngine.TSTRING ? engine.toBytes(p, -1) : null;
            name = bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
            C.lua_settop(p, -2);
            C.lua_getfield(p, -1, "namewhat");
            byte[] what = C.lua_type(p, -1) == LuaEngine.TSTRING ? engine.toBytes(p, -1) : null;
            namewhat = what == null ? "" : new String(what, StandardCharsets.ISO_8859_1);
            C.lua_settop(p, -2);
        }
        C.lua_settop(p, -2);
        if (namewhat.equals("method")) {
            index--; // self does not count
            if (index == 0) {
                return error(p, "calling '" + name + "' on bad self (" + problem + ")");
            }
        }
        return error(p, "bad argument #" + index + " to '" + (name == null ? "?" : name) + "' (" + problem + ")");
    }

    private String typeName(long p, int index) {
        int type = C.lua_type(p, index);
        return type == TNONE ? "no value" : C.lua_typename(p, type);
    }

    // ---- reading arguments

    /** A Lua string's bytes: in a buffer, and as a Java string too when they are all ASCII without NUL. */
    private record Text(ByteBuffer bytes, int length, String ascii) {}

    /** luaL_checklstring: the string at {@code index} (a number becomes its string, in place, as in Lua). */
    private Text checkString(long p, int index) {
        Text text = text(p, index);
        if (text == null) {
            throw new BadArgument(index, "string expected, got " + typeName(p, index));
        }
        return text;
    }

    private Text text(long p, int index) {
        int type = C.lua_type(p, index);
        if (type != LuaEngine.TSTRING && type != LuaEngine.TNUMBER) {
            return null;
        }
        int length = (int) C.lua_objlen(p, index); // turns a number into its string in place, as lua_tolstring
        if (length <= SHORT) {
            // the C string as Java text: exact when every char is ASCII and none was cut off at a NUL
            String ascii = C.lua_tostring(p, index);
            if (ascii != null && ascii.length() == length && isAscii(ascii)) {
                return new Text(ByteBuffer.wrap(ascii.getBytes(StandardCharsets.ISO_8859_1)), length, ascii);
            }
        }
        ByteBuffer bytes = (ByteBuffer) C.luaJ_todirectbuffer(p, index);
        return new Text(bytes, length, null);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** luaL_checkstring for a pattern: the bytes Lua's matcher sees, those before the first NUL. */
    private byte[] checkPattern(long p, int index) {
        int type = C.lua_type(p, index);
        if (type != LuaEngine.TSTRING && type != LuaEngine.TNUMBER) {
            throw new BadArgument(index, "string expected, got " + typeName(p, index));
        }
        return patternAt(p, index);
    }

    /** The string at {@code index} (a string or number) up to its first NUL, the way a C string reads it. */
    private byte[] patternAt(long p, int index) {
        String text = C.lua_tostring(p, index); // Java text of the C string: exact when it is ASCII
        if (isAscii(text)) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteBuffer bytes = (ByteBuffer) C.luaJ_todirectbuffer(p, index);
        int end = 0;
        while (end < bytes.limit() && bytes.get(end) != 0) {
            end++;
        }
        byte[] pattern = new byte[end];
        bytes.get(0, pattern);
        return pattern;
    }

    /** All the bytes of the string at {@code index} (a string or number), NUL and past. */
    private byte[] allBytes(long p, int index, byte[] cString) {
        if (C.lua_objlen(p, index) == cString.length) {
            return cString;
        }
        ByteBuffer buffer = (ByteBuffer) C.luaJ_todirectbuffer(p, index);
        byte[] bytes = new byte[buffer.limit()];
        buffer.get(0, bytes);
        return bytes;
    }

    /** luaL_optinteger: absent or nil is {@code otherwise}; a number or numeric string is cut to an integer. */
    private long optInteger(long p, int index, long otherwise) {
        int type = C.lua_type(p, index);
        if (type == TNONE || type == LuaEngine.TNIL) {
            return otherwise;
        }
        long value = C.lua_tointeger(p, index);
        if (value == 0 && C.lua_isnumber(p, index) == 0) {
            throw new BadArgument(index, "number expected, got " + typeName(p, index));
        }
        return value;
    }

    /** Where a search starts, 0-based: Lua 5.1's init, negative from the end, clamped to the subject. */
    private static int startOf(long init, int length) {
        if (init < 0) {
            init += length + 1L;
        }
        long start = Math.max(init, 0) - 1;
        return (int) Math.max(0, Math.min(start, length));
    }

    // ---- find and match

    private int find(long p, boolean find) {
        Text subject = checkString(p, 1);
        byte[] pattern = checkPattern(p, 2);
        int start = startOf(optInteger(p, 3, 1), subject.length());
        if (find && (C.lua_toboolean(p, 4) != 0 || LuaPatterns.isPlain(pattern, pattern.length))) {
            byte[] needle = allBytes(p, 2, pattern);
            int at = patterns.indexOf(subject.bytes(), subject.length(), start, needle, needle.length);
            if (at < 0) {
                C.lua_pushnil(p);
                return 1;
            }
            C.lua_pushinteger(p, at + 1L);
            C.lua_pushinteger(p, (long) at + needle.length);
            return 2;
        }
        boolean anchored = pattern.length > 0 && pattern[0] == '^';
        int from = anchored ? 1 : 0;
        LuaPatterns.Match match = patterns.match(subject.bytes(), subject.length(), pattern, pattern.length);
        int s = start;
        do {
            int end = match.at(s, from);
            if (end >= 0) {
                if (find) {
                    C.lua_pushinteger(p, s + 1L);
                    C.lua_pushinteger(p, end);
                    return 2 + pushCaptures(p, 1, subject, match, -1, -1);
                }
                return pushCaptures(p, 1, subject, match, s, end);
            }
        } while (s++ < subject.length() && !anchored);
        C.lua_pushnil(p);
        return 1;
    }

    /**
     * Pushes the captures of a match; with none, the whole match (from {@code s} to {@code e}) unless {@code s} is
     * -1 (find, which has the positions already). Returns how many values it pushed.
     */
    private int pushCaptures(long p, int subjectSlot, Text subject, LuaPatterns.Match match, int s, int e) {
        int n = match.captures() == 0 && s >= 0 ? 1 : match.captures();
        if (n > 8) {
            C.lua_checkstack(p, STACK); // a C function is sure of 20 free slots only
        }
        for (int i = 0; i < n; i++) {
            pushCapture(p, subjectSlot, subject, match, i, s, e);
        }
        return n;
    }

    private void pushCapture(long p, int subjectSlot, Text subject, LuaPatterns.Match match, int i, int s, int e) {
        if (i >= match.captures()) {
            if (i != 0) {
                throw new LuaPatterns.PatternException("invalid capture index");
            }
            pushPart(p, subjectSlot, subject, s, e - s);
            return;
        }
        int length = match.captureLength(i);
        if (length == LuaPatterns.UNFINISHED) {
            throw new LuaPatterns.PatternException("unfinished capture");
        }
        if (length == LuaPatterns.POSITION) {
            C.lua_pushinteger(p, match.captureStart(i) + 1L);
        } else {
            pushPart(p, subjectSlot, subject, match.captureStart(i), length);
        }
    }

    /** Pushes bytes {@code start..start+length} of the subject in stack slot {@code subjectSlot}. */
    private void pushPart(long p, int subjectSlot, Text subject, int start, int length) {
        if (subject.ascii() != null) {
            C.luaJ_pushstring(p, subject.ascii().substring(start, start + length));
            return;
        }
        if (length <= SHORT) {
            byte[] bytes = new byte[length];
            subject.bytes().get(start, bytes);
            if (isAscii(bytes, length)) {
                C.luaJ_pushstring(p, new String(bytes, StandardCharsets.ISO_8859_1));
                return;
            }
        }
        // any bytes, without copying them through Java: string.sub(subject, start + 1, start + length)
        C.lua_rawgeti(p, LuaEngine.REGISTRY, subRef);
        C.lua_pushvalue(p, subjectSlot);
        C.lua_pushinteger(p, start + 1L);
        C.lua_pushinteger(p, (long) start + length);
        if (C.lua_pcall(p, 3, 1, 0) != 0) {
            throw new Raised(); // out of memory
        }
    }

    private static boolean isAscii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    // ---- gmatch

    /**
     * The iterator is a new Java closure each time whose environment table holds the subject, the pattern and where
     * the next search starts (what Lua keeps in the C closure's upvalues): no Java state per iterator, and the Lua
     * garbage collector frees it all.
     */
    private int gmatch(long p) {
        checkString(p, 1);
        checkString(p, 2);
        C.lua_settop(p, 2);
        C.lua_checkstack(p, 4);
        C.luaJ_pushfunction(p, gmatchStep);
        C.lua_createtable(p, 3, 0);
        C.lua_pushvalue(p, 1);
        C.lua_rawseti(p, -2, 1);
        C.lua_pushvalue(p, 2);
        C.lua_rawseti(p, -2, 2);
        C.lua_pushinteger(p, 0);
        C.lua_rawseti(p, -2, 3);
        C.lua_setfenv(p, -2);
        return 1;
    }

    /** One step of a gmatch iterator: the next match's captures, or nothing once there is none. */
    private int gmatchStep(long p) {
        C.lua_rawgeti(p, ENVIRONMENT, 1);
        int subjectSlot = C.lua_gettop(p);
        C.lua_rawgeti(p, ENVIRONMENT, 2);
        C.lua_rawgeti(p, ENVIRONMENT, 3);
        int from = (int) C.lua_tointeger(p, -1);
        C.lua_settop(p, -2);
        Text subject = text(p, subjectSlot);
        byte[] pattern = patternAt(p, subjectSlot + 1);
        // no anchor here: Lua 5.1's gmatch matches a leading '^' as itself
        LuaPatterns.Match match = patterns.match(subject.bytes(), subject.length(), pattern, pattern.length);
        for (int s = from; s <= subject.length(); s++) {
            int end = match.at(s, 0);
            if (end >= 0) {
                C.lua_pushinteger(p, end == s ? end + 1L : end); // after an empty match, one byte further
                C.lua_rawseti(p, ENVIRONMENT, 3);
                return pushCaptures(p, subjectSlot, subject, match, s, end);
            }
        }
        return 0;
    }

    // ---- gsub

    private int gsub(long p) {
        Text subject = checkString(p, 1);
        byte[] pattern = checkPattern(p, 2);
        int kind = C.lua_type(p, 3);
        int limit = (int) optInteger(p, 4, subject.length() + 1L); // luaL_optint: a C int
        if (kind != LuaEngine.TNUMBER && kind != LuaEngine.TSTRING && kind != TFUNCTION && kind != LuaEngine.TTABLE) {
            throw new BadArgument(3, "string/function/table expected");
        }
        byte[] replacement = kind == TFUNCTION || kind == LuaEngine.TTABLE ? null : allBytes(p, 3, patternAt(p, 3));
        C.lua_settop(p, 4);
        int handler = 0;
        if (replacement == null && locateRef >= 0) {
            C.lua_rawgeti(p, LuaEngine.REGISTRY, locateRef);
            handler = LOCATE_SLOT;
        }
        boolean anchored = pattern.length > 0 && pattern[0] == '^';
        int from = anchored ? 1 : 0;
        LuaPatterns.Match match = patterns.match(subject.bytes(), subject.length(), pattern, pattern.length);
        Output out = null;
        int copied = 0; // the subject before this is in out already
        int s = 0;
        int n = 0;
        while (n < limit) {
            int end = match.at(s, from);
            if (end >= 0) {
                n++;
                if (out == null) {
                    out = new Output(outputLimit, subject.length());
                }
                out.append(subject.bytes(), copied, s - copied);
                if (replacement != null) {
                    replace(out, replacement, subject, match, s, end);
                } else {
                    replace(p, out, kind, handler, subject, match, s, end);
                }
                copied = end;
            }
            if (end > s) {
                s = end;
            } else if (s < subject.length()) {
                s++;
            } else {
                break;
            }
            if (anchored) {
                break;
            }
        }
        if (out == null) {
            C.lua_pushvalue(p, 1); // nothing replaced: the subject itself
        } else {
            out.append(subject.bytes(), copied, subject.length() - copied);
            out.push(p, engine);
        }
        C.lua_pushinteger(p, n);
        return 2;
    }

    /**
     * A replacement string: {@code %0}..{@code %9} are the match and its captures; {@code %} before anything else
     * stands for that byte.
     */
    private void replace(Output out, byte[] replacement, Text subject, LuaPatterns.Match match, int s, int e) {
        for (int i = 0; i < replacement.length; i++) {
            int b = replacement[i] & 0xff;
            if (b != '%') {
                out.append(b);
                continue;
            }
            i++;
            int d = i < replacement.length ? replacement[i] & 0xff : 0; // Lua reads the string's closing NUL
            if (!LuaPatterns.isDigit(d)) {
                out.append(d);
            } else if (d == '0') {
                out.append(subject.bytes(), s, e - s);
            } else {
                appendCapture(out, subject, match, d - '1', s, e);
            }
        }
    }

    private void appendCapture(Output out, Text subject, LuaPatterns.Match match, int i, int s, int e) {
        if (i >= match.captures()) {
            if (i != 0) {
                throw new LuaPatterns.PatternException("invalid capture index");
            }
            out.append(subject.bytes(), s, e - s);
            return;
        }
        int length = match.captureLength(i);
        if (length == LuaPatterns.UNFINISHED) {
            throw new LuaPatterns.PatternException("unfinished capture");
        }
        if (length == LuaPatterns.POSITION) {
            out.append(Integer.toString(match.captureStart(i) + 1).getBytes(StandardCharsets.US_ASCII));
        } else {
            out.append(subject.bytes(), match.captureStart(i), length);
        }
    }

    /**
     * A replacement function (called with the captures) or table (indexed by the first): a false or nil result keeps
     * the match, a string or number replaces it, anything else is an error.
     */
    private void replace(
            long p, Output out, int kind, int handler, Text subject, LuaPatterns.Match match, int s, int e) {
        int base = C.lua_gettop(p);
        if (kind == TFUNCTION) {
            C.lua_pushvalue(p, 3);
            int n = pushCaptures(p, 1, subject, match, s, e);
            if (C.lua_pcall(p, n, 1, handler) != 0) {
                throw new Raised();
            }
        } else {
            pushCapture(p, 1, subject, match, 0, s, e);
            if (C.lua_getmetatable(p, 3) == 0) {
                C.lua_rawget(p, 3); // no metamethod can run, so no error: read it directly
            } else {
                // t[k] may run __index, which may fail: through the prelude's reader, under the locating handler
                if (indexRef < 0) {
                    throw new IllegalStateException("the prelude has not handed over its t[k] reader");
                }
                C.lua_settop(p, -2);
                C.lua_rawgeti(p, LuaEngine.REGISTRY, indexRef);
                C.lua_pushvalue(p, 3);
                C.lua_pushvalue(p, -3);
                C.lua_remove(p, -4);
                if (C.lua_pcall(p, 2, 1, handler) != 0) {
                    throw new Raised();
                }
            }
        }
        if (C.lua_toboolean(p, -1) == 0) {
            out.append(subject.bytes(), s, e - s);
        } else {
            int type = C.lua_type(p, -1);
            if (type != LuaEngine.TSTRING && type != LuaEngine.TNUMBER) {
                throw new LuaPatterns.PatternException("invalid replacement value (a " + typeName(p, -1) + ")");
            }
            Text value = text(p, C.lua_gettop(p));
            out.append(value.bytes(), 0, value.length());
        }
        C.lua_settop(p, base);
    }

    /** gsub's result, growing up to a limit (Lua's own buffer would grow until the process runs out of memory). */
    static final class Output {
        private final long limit;
        private byte[] bytes;
        private int size;

        Output(long limit, int expected) {
            this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
            this.bytes = new byte[(int) Math.min(Math.max(16, expected), this.limit)];
        }

        int size() {
            return size;
        }

        private void room(int more) {
            long needed = (long) size + more;
            if (needed > limit) {
                throw new LuaPatterns.PatternException("string.gsub: result too large");
            }
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Math.max(needed, 2L * bytes.length), limit));
            }
        }

        void append(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void append(byte[] from) {
            room(from.length);
            System.arraycopy(from, 0, bytes, size, from.length);
            size += from.length;
        }

        void append(ByteBuffer from, int start, int length) {
            room(length);
            from.get(start, bytes, size, length);
            size += length;
        }

        /** Pushes the bytes as a Lua string: as Java text when ASCII (the cheaper way), else byte for byte. */
        void push(long p, LuaEngine engine) {
            if (isAscii(bytes, size)) {
                engine.C.luaJ_pushstring(p, new String(bytes, 0, size, StandardCharsets.ISO_8859_1));
            } else {
                engine.pushBytes(p, bytes, size);
            }
        }
    }
}
