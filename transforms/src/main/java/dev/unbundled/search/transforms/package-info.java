/**
 * Single-message transforms that a CDC-to-search pipeline needs, shipped in the same plugin as the
 * sink connector and usable with any connector. Each transform registers itself in {@code
 * META-INF/services/org.apache.kafka.connect.transforms.Transformation} so workers with {@code
 * plugin.discovery=service_load} find it.
 */
package dev.unbundled.search.transforms;
