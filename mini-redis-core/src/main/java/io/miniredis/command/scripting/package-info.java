/**
 * EVAL, EVALSHA and their read-only forms, SCRIPT, FUNCTION and FCALL, over {@code io.miniredis.scripting}.
 */
package io.miniredis.command.scripting;
