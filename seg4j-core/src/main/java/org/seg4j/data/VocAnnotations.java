package org.seg4j.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.io.InputFiles;
import org.seg4j.label.LabelSpec;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the object boxes of a Pascal VOC annotation file ({@code Annotations/<id>.xml}, the VOCdevkit format):
 * every {@code <object>} child of {@code <annotation>} with its {@code <name>}, {@code <bndbox>}
 * ({@code xmin ymin xmax ymax}) and {@code <difficult>}. Part boxes ({@code <part>} inside a person) are not objects
 * and are left out.
 *
 * <p>Coordinates: VOC numbers pixels from 1 and its boxes include both end pixels, so {@code xmin=1, xmax=10} covers
 * the first ten pixel columns. In seg4j's continuous coordinates (the image spans [0, width]) that is
 * {@code Box(xmin - 1, ymin - 1, xmax, ymax)}. Both the official integer form and the float form written by other
 * tools (e.g. labelme's {@code labelme2voc.py}, which also leaves {@code <difficult/>} empty) are accepted; an empty
 * or absent {@code <difficult>} means 0.
 *
 * <p>Class names are mapped to training ids by {@link LabelSpec#indexOf}. The XML is parsed by the JDK with
 * document type declarations refused, so no external entity or DTD is ever fetched. A file may hold at most
 * {@value #MAX_XML_BYTES} bytes (VOC's are about 1 KB) and nest elements at most {@value #MAX_ELEMENT_DEPTH} deep
 * (VOC's nest 4: annotation, object, part, bndbox), so a hostile file costs bounded memory and stack.
 */
public final class VocAnnotations {
    /** The largest annotation file read: 16 MiB. */
    static final long MAX_XML_BYTES = 16L << 20;
    /** The deepest element nesting accepted. */
    static final int MAX_ELEMENT_DEPTH = 64;
    /** The JAXP limit property of the JDK's parser (java.xml module, "JAXP limits"). */
    private static final String MAX_ELEMENT_DEPTH_PROPERTY = "jdk.xml.maxElementDepth";
    /** Turns parse errors into exceptions instead of the default handler's printing to stderr. */
    private static final ErrorHandler RETHROW = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // a warning does not make the file unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private VocAnnotations() {
    }

    /**
     * The objects of one annotation file, in file order.
     *
     * @throws BadInputException naming the file if it is missing, malformed (with line and column), not a VOC
     *     annotation, or has an object with an unknown class name, a missing or non-numeric coordinate, an empty box
     *     or a {@code <difficult>} other than 0/1
     */
    public static List<ObjectBox> read(Path xml, LabelSpec spec) {
        Element root = parse(xml).getDocumentElement();
        if (!root.getTagName().equals("annotation")) {
            throw new BadInputException(xml, "not a VOC annotation: the root element is <" + root.getTagName()
                    + ">, expected <annotation>");
        }
        List<ObjectBox> boxes = new ArrayList<>();
        int number = 0;
        for (Element object : children(root, "object")) {
            number++;
            boxes.add(readObject(xml, object, number, spec));
        }
        return boxes;
    }

    private static ObjectBox readObject(Path xml, Element object, int number, LabelSpec spec) {
        String where = "object " + number;
        String name = text(xml, object, "name", where);
        int classId = spec.indexOf(name);
        if (classId < 0) {
            throw new BadInputException(xml, where + " has class name '" + name + "', which label spec '"
                    + spec.name() + "' does not have");
        }
        where += " (" + name + ")";
        Element bndbox = child(xml, object, "bndbox", where);
        double xmin = number(xml, bndbox, "xmin", where);
        double ymin = number(xml, bndbox, "ymin", where);
        double xmax = number(xml, bndbox, "xmax", where);
        double ymax = number(xml, bndbox, "ymax", where);
        Box box;
        try {
            box = new Box(xmin - 1, ymin - 1, xmax, ymax);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(xml, where + " has an empty box: xmin=" + xmin + " ymin=" + ymin + " xmax="
                    + xmax + " ymax=" + ymax + " (VOC boxes are 1-based and include both ends)");
        }
        return new ObjectBox(box, classId, difficult(xml, object, where));
    }

    private static boolean difficult(Path xml, Element object, String where) {
        List<Element> found = children(object, "difficult");
        String value = found.isEmpty() ? "" : found.get(0).getTextContent().trim();
        return switch (value) {
            case "", "0" -> false;
            case "1" -> true;
            default -> throw new BadInputException(xml, where + " has <difficult>" + value
                    + "</difficult>, expected 0, 1 or empty");
        };
    }

    private static double number(Path xml, Element parent, String tag, String where) {
        String value = text(xml, parent, tag, where);
        try {
            double v = Double.parseDouble(value);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(xml, where + " has <" + tag + ">" + value + "</" + tag
                    + ">, which is not a number");
        }
    }

    private static String text(Path xml, Element parent, String tag, String where) {
        String value = child(xml, parent, tag, where).getTextContent().trim();
        if (value.isEmpty()) {
            throw new BadInputException(xml, where + " has an empty <" + tag + ">");
        }
        return value;
    }

    private static Element child(Path xml, Element parent, String tag, String where) {
        List<Element> found = children(parent, tag);
        if (found.isEmpty()) {
            throw new BadInputException(xml, where + " has no <" + tag + ">");
        }
        return found.get(0);
    }

    /** Direct child elements with that tag (not deeper ones: a person's {@code <part>} has its own name and box). */
    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static org.w3c.dom.Document parse(Path xml) {
        byte[] bytes = InputFiles.readAllBytes(xml, MAX_XML_BYTES, "VOC annotation");
        try {
            return secureBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXParseException e) {
            throw new BadInputException(xml, "malformed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new BadInputException(xml, "malformed XML: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder secureBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute(MAX_ELEMENT_DEPTH_PROPERTY, MAX_ELEMENT_DEPTH);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(RETHROW);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser does not support secure processing", e);
        }
    }
}
