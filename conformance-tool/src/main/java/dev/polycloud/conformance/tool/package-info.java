/**
 * The conformance suite as a command ({@link dev.polycloud.conformance.tool.ConformanceTool}): checks any
 * target against the portable contract and reports building block × pass/fail/skip.
 */
package dev.polycloud.conformance.tool;
