/** Plain-Java baselines that do the same work as the Polycloud paths they are compared with. */
package dev.polycloud.benchmarks.baseline;
