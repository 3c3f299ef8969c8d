#!/usr/bin/env bash
# A Java developer's first five minutes, replayed: install the library, make a fresh Maven project that depends on
# dendrite-core, compile the README's example (dendrite-examples' QuickStart) in it and run it with the JVM option
# the README names, then without it, where the error must say what to add. Run from the repository root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$here" && mvn -B -q -DskipTests install)
mkdir -p "$work/src/main/java/dev/dendrite/examples"
cp "$here/dendrite-examples/src/main/java/dev/dendrite/examples/QuickStart.java" "$work/src/main/java/dev/dendrite/examples/"
cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>first-five-minutes</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>25</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>dev.dendrite</groupId>
      <artifactId>dendrite-core</artifactId>
      <version>0.1.0-SNAPSHOT</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-toolchains-plugin</artifactId>
        <version>3.2.0</version>
        <executions>
          <execution>
            <goals><goal>select-jdk-toolchain</goal></goals>
            <configuration><version>[25,)</version></configuration>
          </execution>
        </executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
        <configuration><compilerArgs><arg>--add-modules</arg><arg>jdk.incubator.vector</arg></compilerArgs></configuration>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <version>3.5.0</version>
        <configuration>
          <executable>java</executable>
          <arguments>
            <argument>${vector.option}</argument>
            <argument>-cp</argument>
            <classpath/>
            <argument>dev.dendrite.examples.QuickStart</argument>
            <argument>2</argument>
            <argument>${project.build.directory}/digits.safetensors</argument>
          </arguments>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM
cd "$work"
echo "== with --add-modules jdk.incubator.vector"
mvn -B -q compile exec:exec -Dvector.option=--add-modules=jdk.incubator.vector
echo "== without it (must fail, naming the option)"
if out="$(mvn -B -q compile exec:exec -Dvector.option=-Dno.vector.api 2>&1)"; then
  echo "ran without the Vector API: unexpected" >&2
  exit 1
fi
grep -o "add --add-modules jdk.incubator.vector to the java command" <<< "$out"
