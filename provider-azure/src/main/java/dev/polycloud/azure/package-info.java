/**
 * The azure provider of Polycloud. Its drivers arrive with the azure provider issue; until then the
 * module only reserves its coordinates and package.
 */
package dev.polycloud.azure;
