/**
 * The geo commands (GEOADD, GEODIST, GEOHASH, GEOPOS, GEOSEARCH, GEOSEARCHSTORE, GEORADIUS*, GEORADIUSBYMEMBER*) on
 * sorted sets whose scores are 52-bit interleaved geohashes ({@link io.miniredis.command.geo.GeoHash}), searched
 * through the nine geohash boxes around the centre as Redis searches them, so results come in the same order.
 */
package io.miniredis.command.geo;
