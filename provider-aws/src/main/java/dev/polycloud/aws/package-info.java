/**
 * The aws provider of Polycloud. Its drivers arrive with the aws provider issue; until then the
 * module only reserves its coordinates and package.
 */
package dev.polycloud.aws;
