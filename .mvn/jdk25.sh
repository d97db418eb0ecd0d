# Sourced by ./mvnw and ./strait: Strait needs JDK 25. Keep JAVA_HOME when it already is
# a JDK 25 or newer; otherwise take the newest /usr/lib/jvm/*25* (or newer) found.
# Says nothing and changes nothing when no such JDK exists (the build then names the problem).
strait_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
strait_pick_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(strait_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  for d in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -name "*2[5-9]*" 2>/dev/null | sort -r); do
    if [ -x "$d/bin/javac" ]; then
      v=$(strait_java_major "$d")
      if [ -n "$v" ] && [ "$v" -ge 25 ]; then JAVA_HOME="$d"; export JAVA_HOME; return 0; fi
    fi
  done
  return 0
}
strait_pick_jdk
