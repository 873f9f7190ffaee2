package io.miniredis.testing;

/** One command of a fixture and where it comes from ({@code users.redis:12}), for the error if it fails. */
record FixtureCommand(byte[][] argv, String where) {}
