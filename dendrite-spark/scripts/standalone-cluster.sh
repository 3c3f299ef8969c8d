#!/usr/bin/env bash
# A Spark standalone cluster on this machine from the Spark jars Maven fetched (no Spark download needed): a
# master and two workers of one core each, then spark-submit of dev.dendrite.spark.Train against it.
# Usage: dendrite-spark/scripts/standalone-cluster.sh [TRAIN ARGS...]
#   default: --model lenet --data mnist:$PWD/../shared/data/mnist --workers 2 --epochs 3 --batch-size 128 --lr 0.002
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/find-jdk.sh
export JAVA_HOME="$(find_jdk)"
java="$JAVA_HOME/bin/java"
JAVA_HOME="$JAVA_HOME" mvn -B -q -DskipTests -Dmaven.javadoc.skip=true install -pl dendrite-spark -am
(cd dendrite-spark && mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
jar="$PWD/dendrite-spark/target/dendrite-spark-0.1.0-SNAPSHOT.jar"
cp="$jar:$(cat dendrite-spark/target/classpath.txt)"
run="$(mktemp -d)"
# the layout a worker expects of a Spark distribution, $SPARK_HOME/jars, from the same jars
mkdir -p "$run/spark/jars"
tr ':' '\n' <<< "$cp" | while read -r j; do ln -sf "$j" "$run/spark/jars/"; done
export SPARK_HOME="$run/spark" SPARK_SCALA_VERSION=2.13
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
flags="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
"$java" $flags -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 8080 \
    > "$run/master.log" 2>&1 &
for w in 1 2; do
  "$java" $flags -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
      --work-dir "$run/worker-$w" --webui-port $((8080 + w)) spark://127.0.0.1:7077 > "$run/worker-$w.log" 2>&1 &
done
until grep -q "Registering worker" "$run/master.log" 2>/dev/null && [ "$(grep -c 'Registering worker' "$run/master.log")" -ge 2 ]; do sleep 1; done
if [ $# -eq 0 ]; then
  set -- --model lenet --data "mnist:$PWD/../shared/data/mnist" --workers 2 --epochs 3 --batch-size 128 --lr 0.002
fi
# each executor: the Vector API, and Dendrite's thread pool sized to its task's one core
"$java" $flags -cp "$cp" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 \
    --conf spark.executor.cores=1 --conf spark.task.cpus=1 --conf spark.executor.memory=2g \
    --conf "spark.executor.extraClassPath=$cp" \
    --conf "spark.executor.extraJavaOptions=$flags -Ddendrite.threads=1" \
    --conf spark.driver.host=127.0.0.1 \
    --class dev.dendrite.spark.Train "$jar" --out "$run/out" "$@"
echo "logs and checkpoint in $run"
