/**
 * Pure planning of what this node announces (layer 2 and BGP) from the configuration and the
 * allocator's assignments: the desired state the announcers reconcile. Immutable and thread-safe.
 */
package io.strait.allocator.announce;
