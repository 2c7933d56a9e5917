// Loads an ontology by its URL with the OWL API's defaults, the way Protege opens one by address:
// OWLManager's manager fetches the document itself (its own Accept header), picks a parser by what
// it got, and keeps every triple it could not turn into an axiom. Prints tab-separated facts that
// tests/serve/test_owlapi.py checks: the ontology IRI, the document format, counts, the unparsed
// triples and the declared classes.
//
// Run as a single-file program: java -cp <OWL API jars> LoadOntology.java URL

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLDeclarationAxiom;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;

public class LoadOntology {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(IRI.create(args[0]));
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        print("iri", ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse(""));
        print("format", format.getKey());
        print("axioms", ontology.getAxiomCount());
        print("classes", ontology.classesInSignature().count());
        print("object_properties", ontology.objectPropertiesInSignature().count());
        print("data_properties", ontology.dataPropertiesInSignature().count());
        print("annotation_properties", ontology.annotationPropertiesInSignature().count());
        // The loader's metadata is absent only for formats that are not parsed from RDF triples.
        print("unparsed", format.getOntologyLoaderMetaData()
                .map(meta -> meta.getUnparsedTriples().count()).orElse(-1L));
        format.getOntologyLoaderMetaData().ifPresent(meta ->
                meta.getUnparsedTriples().forEach(triple -> print("unparsed_triple", triple)));
        ontology.axioms(AxiomType.DECLARATION)
                .map(OWLDeclarationAxiom::getEntity)
                .filter(OWLEntity::isOWLClass)
                .forEach(entity -> print("declared_class", entity.getIRI()));
    }

    private static void print(String key, Object value) {
        System.out.println(key + "\t" + value);
    }
}
