// Validates a data graph against a shapes graph with Apache Jena's SHACL engine and writes Jena's
// validation report as N-Triples, for tests/validate/test_report_jena.py to compare with igkg's.
//
// Jena's own command (shacl.shacl validate) writes a blank sh:sourceShape or sh:resultPath without
// its description, so a property shape (a blank node in the project's shapes) could not be told
// from another. This program adds, for every blank node a result names, the triples that describe
// it in the shapes or the data graph (recursively through blank nodes), as pySHACL's report does.
//
// Run as a single-file program: java -cp <Jena jars> JenaShacl.java SHAPES DATA

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.shacl.vocabulary.SHACL;

public class JenaShacl {
    public static void main(String[] args) {
        Graph shapesGraph = RDFDataMgr.loadGraph(args[0]);
        Graph data = RDFDataMgr.loadGraph(args[1]);
        ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapesGraph), data);
        Graph out = GraphFactory.createDefaultGraph();
        report.getGraph().find().forEachRemaining(out::add);
        Deque<Node> pending = new ArrayDeque<>();
        out.find(Node.ANY, RDF.type.asNode(), SHACL.ValidationResult).forEachRemaining(result -> {
            for (Node pred : new Node[] {SHACL.sourceShape, SHACL.resultPath, SHACL.value, SHACL.focusNode}) {
                out.find(result.getSubject(), pred, Node.ANY).forEachRemaining(t -> pending.add(t.getObject()));
            }
        });
        Set<Node> described = new HashSet<>();
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!node.isBlank() || !described.add(node)) {
                continue;
            }
            for (Graph source : new Graph[] {shapesGraph, data}) {
                source.find(node, Node.ANY, Node.ANY).forEachRemaining(t -> {
                    out.add(t);
                    pending.add(t.getObject());
                });
            }
        }
        RDFDataMgr.write(System.out, out, Lang.NTRIPLES);
    }
}
